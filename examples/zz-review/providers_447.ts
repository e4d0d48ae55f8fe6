import { ApiKeyRouter } from '@apikeyrouter/core';
import { GeminiAdapter } from '@apikeyrouter/gemini';

const router = new ApiKeyRouter();
await router.registerProvider('gemini', new GeminiAdapter({ timeoutMs: 60_000 }));
await router.registerKey(process.env.GEMINI_API_KEY!, 'gemini', { limits: { rpm: 15 } });
const res = await router.route(
  { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] },
  'cost',
);
console.log(res.message.content, res.usage);
