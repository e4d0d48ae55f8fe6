/**
 * AFTER (drop-in): the same service with one changed import. Every key in OPENAI_API_KEYS (and any other
 * provider in the environment) is now routed, quota-aware, with failover; `fallback_models`, `retries` and
 * `objective` are there when you want them; errors are still the `openai` package's classes.
 *
 * Run from the repository root:
 *   OPENAI_API_KEYS=sk-a,sk-b ANTHROPIC_API_KEY=sk-ant-… node --conditions=@apikeyrouter/source --import tsx examples/migrating/openai-sdk/after-drop-in.ts
 */
import OpenAI from '@apikeyrouter/openai-compat'; // was: import OpenAI from 'openai';

const client = new OpenAI(); // OPENAI_API_KEY(S), ANTHROPIC_API_KEY(S), GEMINI_API_KEY, … and their *_BASE_URL

const completion = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Summarise the release notes in one line' }],
  max_tokens: 100,
  // The router's extensions — optional:
  fallback_models: ['anthropic/claude-3-5-haiku-latest'],
  retries: 2,
  objective: 'cost',
});
console.log(`[${completion.model}] ${completion.choices[0]?.message.content}`);
console.log(`  served by key ${completion.apikeyrouter.keyId} for $${completion.apikeyrouter.cost}`);
console.log(`  why: ${completion.apikeyrouter.explanation}`);

const stream = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Stream a greeting' }],
  stream: true,
  stream_options: { include_usage: true },
});
let text = '';
for await (const chunk of stream) {
  text += chunk.choices[0]?.delta.content ?? '';
  if (chunk.usage) console.log(`streamed "${text}" (${chunk.usage.total_tokens} tokens)`);
}

try {
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] });
} catch (error) {
  if (error instanceof OpenAI.BadRequestError) console.log(`rejected as expected: ${error.status}`);
  else throw error;
}
