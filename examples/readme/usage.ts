import { AnthropicAdapter } from '@apikeyrouter/anthropic';
import { ApiKeyRouter } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';

const env = process.env;
const router = new ApiKeyRouter();
await router.registerProvider('openai', new OpenAIAdapter({ baseURL: env.OPENAI_BASE_URL }));
await router.registerProvider('anthropic', new AnthropicAdapter({ baseURL: env.ANTHROPIC_BASE_URL }));
if (env.OPENAI_API_KEY) await router.registerKey(env.OPENAI_API_KEY, 'openai', { limits: { rpm: 500 } });
if (env.ANTHROPIC_API_KEY) await router.registerKey(env.ANTHROPIC_API_KEY, 'anthropic', { label: 'backup' });
await router.costController.createBudget({
  scope: 'global',
  limit: '50',
  period: 'day',
  enforcementMode: 'hard',
});

const fallbackModels = ['anthropic/claude-3-5-haiku-latest'];
const messages = [{ role: 'user' as const, content: 'Say hi' }];
const res = await router.route({ model: 'gpt-4o-mini', messages, fallbackModels }, 'cost');
console.log(res.content, res.cost.amount.toFixed(6), String(res.explanation));
