import { ApiKeyRouter } from '@apikeyrouter/core';
import { OllamaAdapter } from '@apikeyrouter/ollama';

const router = new ApiKeyRouter();
await router.registerProvider('ollama', new OllamaAdapter({ keepAlive: '10m', timeoutMs: 120_000 }));
await router.registerKey('local', 'ollama', { label: 'workstation' });

const res = await router.route(
  { model: 'ollama/llama3.2', messages: [{ role: 'user', content: 'Why is the sky blue?' }] },
  'cost',
);
console.log(res.message.content);
