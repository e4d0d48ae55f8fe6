/**
 * AFTER (direct): the same calls on the router's own API — provider-neutral intents, Decimal costs, the full
 * explanation object, budgets and key states in reach. Use this when the OpenAI shape no longer helps.
 *
 * Run from the repository root:
 *   OPENAI_API_KEYS=sk-a,sk-b node --conditions=@apikeyrouter/source --import tsx examples/migrating/openai-sdk/after-router.ts
 */
import { ApiKeyRouter, RouterError } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';

const env = process.env;
const router = new ApiKeyRouter();
await router.registerProvider('openai', new OpenAIAdapter({ baseURL: env.OPENAI_BASE_URL }));
const keys = `${env.OPENAI_API_KEYS ?? ''},${env.OPENAI_API_KEY ?? ''}`
  .split(',')
  .filter((k) => k.trim() !== '');
for (const [i, key] of keys.entries())
  await router.registerKey(key.trim(), 'openai', { label: `openai-${i + 1}` });

const res = await router.route(
  {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Summarise the release notes in one line' }],
    parameters: { maxTokens: 100 },
  },
  'cost',
);
console.log(`[${res.providerId}/${res.model}] ${res.content}`);
console.log(`  $${res.cost.amount.toFixed(6)} via ${res.keyUsed}; ${String(res.explanation)}`);

let text = '';
for await (const chunk of router.routeStream({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Stream a greeting' }],
})) {
  if (chunk.type === 'text-delta') text += chunk.text;
  if (chunk.type === 'finish') console.log(`streamed "${text}" (${chunk.usage.totalTokens} tokens)`);
}

try {
  await router.route({ model: 'gpt-4o-mini', messages: [] });
} catch (error) {
  if (RouterError.isInstance(error) && error.category === 'validation')
    console.log('rejected as expected: validation');
  else throw error;
}
