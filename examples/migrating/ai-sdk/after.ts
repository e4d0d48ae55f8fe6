/**
 * From a single AI SDK provider (`@ai-sdk/openai`) to every key and provider behind one router: swap the
 * provider, keep `generateText` / `streamText` / `embed`. Before: `model: openai('gpt-4o-mini')`.
 *
 * Run from the repository root:
 *   OPENAI_API_KEYS=sk-a,sk-b ANTHROPIC_API_KEY=sk-ant-… node --conditions=@apikeyrouter/source --import tsx examples/migrating/ai-sdk/after.ts
 */
import { createApiKeyRouter } from '@apikeyrouter/ai-sdk';
import { AnthropicAdapter } from '@apikeyrouter/anthropic';
import { ApiKeyRouter } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';
import { embedMany, generateText, streamText } from 'ai';

const env = process.env;
const keys = (...names: string[]) => [
  ...new Set(names.flatMap((name) => (env[name] ?? '').split(',').map((key) => key.trim())).filter(Boolean)),
];
const router = new ApiKeyRouter();
await router.registerProvider('openai', new OpenAIAdapter({ baseURL: env.OPENAI_BASE_URL }));
await router.registerProvider('anthropic', new AnthropicAdapter({ baseURL: env.ANTHROPIC_BASE_URL }));
for (const key of keys('OPENAI_API_KEY', 'OPENAI_API_KEYS')) await router.registerKey(key, 'openai');
for (const key of keys('ANTHROPIC_API_KEY', 'ANTHROPIC_API_KEYS')) await router.registerKey(key, 'anthropic');

const akr = createApiKeyRouter({
  router,
  objective: 'cost',
  fallbackModels: ['anthropic/claude-3-5-haiku-latest'],
});

const { text, usage, providerMetadata } = await generateText({ model: akr('gpt-4o-mini'), prompt: 'Say hi' });
console.log(`${text} (${usage.totalTokens} tokens)`);
console.log(`  ${JSON.stringify(providerMetadata?.apikeyrouter)}`);

const stream = streamText({ model: akr('gpt-4o-mini'), prompt: 'Stream a haiku' });
let streamed = '';
for await (const delta of stream.textStream) streamed += delta;
console.log(`streamed: ${streamed} [${await stream.finishReason}]`);

const { embeddings } = await embedMany({
  model: akr.textEmbeddingModel('text-embedding-3-small'),
  values: ['first', 'second'],
});
console.log(`embedded ${embeddings.length} texts of ${embeddings[0]?.length} dimensions`);
