import { AnthropicAdapter } from '@apikeyrouter/anthropic';
import { ApiKeyRouter } from '@apikeyrouter/core';

const router = new ApiKeyRouter();
await router.registerProvider('anthropic', new AnthropicAdapter({ timeoutMs: 60_000 }));
await router.registerKey(process.env.ANTHROPIC_API_KEY ?? '', 'anthropic', { limits: { rpm: 50 } });

const res = await router.route(
  {
    model: 'claude-sonnet-5-5',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ],
  },
  'cost',
);
console.log(res.content, res.usage);
