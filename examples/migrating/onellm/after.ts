/**
 * From OneLLM: the same idea — an OpenAI-shaped client, `provider/model` names, `fallback_models`, `retries`,
 * local models — in-process for Node, with keys rotated by quota instead of tried in turn.
 *
 * Run from the repository root:
 *   OPENAI_API_KEYS=sk-a,sk-b ANTHROPIC_API_KEY=sk-ant-… OLLAMA_BASE_URL=http://localhost:11434 \
 *     node --conditions=@apikeyrouter/source --import tsx examples/migrating/onellm/after.ts
 */
import OpenAI from '@apikeyrouter/openai-compat';

const client = new OpenAI(); // keys from the environment, like OneLLM

// fallback_models + retries: if every OpenAI key fails (CI's simulated OpenAI answers 503 to the first two
// calls here), the router tries Claude, then the local model.
const answer = await client.chat.completions.create({
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'What is a fallback?' }],
  fallback_models: ['anthropic/claude-3-5-haiku-latest', 'ollama/llama3.2'],
  retries: 2,
});
console.log(`[${answer.model}] ${answer.choices[0]?.message.content}`);
console.log(`  attempts: ${answer.apikeyrouter.attempts}`);

// A local model by name, as in OneLLM (`ollama/…`); it costs nothing, so `cost` is 0 with costKnown false.
const local = await client.chat.completions.create({
  model: 'ollama/llama3.2',
  messages: [{ role: 'user', content: 'Hello, local model' }],
});
console.log(
  `[${local.model}] ${local.choices[0]?.message.content} (cost known: ${local.apikeyrouter.costKnown})`,
);

// The router's objective replaces OneLLM's fixed order: cheapest eligible key and model first.
const cheap = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Cheapest please' }],
  objective: 'cost',
});
console.log(`[${cheap.model}] ${cheap.apikeyrouter.explanation}`);
