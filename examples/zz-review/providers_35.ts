import { ApiKeyRouter } from '@apikeyrouter/core';
import { azureOpenAI, groq, OpenAIAdapter } from '@apikeyrouter/openai';

const router = new ApiKeyRouter();
await router.registerProvider('openai', new OpenAIAdapter({ timeoutMs: 60_000 }));
await router.registerKey(process.env.OPENAI_API_KEY ?? '', 'openai', { limits: { rpm: 500 } });
await router.registerProvider('groq', groq());
await router.registerKey(process.env.GROQ_API_KEY ?? '', 'groq');
await router.registerProvider(
  'azure-openai',
  azureOpenAI({ resource: 'my-resource', deployments: { 'gpt-4o': 'gpt-4o-prod' } }),
);

const res = await router.route({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, 'cost');
console.log(res.content);
