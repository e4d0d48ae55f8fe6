import { AnthropicAdapter } from '@apikeyrouter/anthropic';
import { ApiKeyRouter } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';

const router = new ApiKeyRouter();
await router.registerProvider('openai', new OpenAIAdapter({ baseURL: process.env.OPENAI_BASE_URL }));
await router.registerProvider('anthropic', new AnthropicAdapter({ baseURL: process.env.ANTHROPIC_BASE_URL }));
await router.registerKey(process.env.OPENAI_API_KEY ?? '', 'openai', {
  label: 'team-a',
  limits: { rpm: 500 },
});
await router.registerKey(process.env.ANTHROPIC_API_KEY ?? '', 'anthropic', { label: 'backup' });
await router.costController.createBudget({
  scope: 'global',
  limit: '50.00',
  period: 'day',
  enforcementMode: 'hard',
});

const intent = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Say hi' }],
  fallbackModels: ['anthropic/claude-3-5-haiku-latest'],
};
const res = await router.route(intent, 'cost');
console.log(res.content, res.cost.amount.toFixed(6), String(res.explanation));
