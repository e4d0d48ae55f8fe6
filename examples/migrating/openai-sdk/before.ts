/**
 * BEFORE: a service written for the official `openai` SDK — one key, one provider, the SDK's own retries.
 * `after-drop-in.ts` is this file with the import changed (and, optionally, the router's extensions).
 *
 * Run from the repository root (against the real API, or any OpenAI-compatible server via OPENAI_BASE_URL):
 *   OPENAI_API_KEY=sk-… node --conditions=@apikeyrouter/source --import tsx examples/migrating/openai-sdk/before.ts
 */
import OpenAI from 'openai';

const client = new OpenAI(); // OPENAI_API_KEY, OPENAI_BASE_URL

const completion = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Summarise the release notes in one line' }],
  max_tokens: 100,
});
console.log(`[${completion.model}] ${completion.choices[0]?.message.content}`);

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
