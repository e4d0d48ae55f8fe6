/**
 * From LiteLLM's Router: `model_list` deployments become keys with declared limits, `fallbacks` become
 * `fallbackModels`, `max_budget`/`budget_duration` become budgets that are reserved *before* each call, and
 * the routing strategies become objectives. The Python "before" is in docs/migrating/from-litellm.md.
 *
 * Run from the repository root:
 *   OPENAI_API_KEYS=sk-a,sk-b ANTHROPIC_API_KEY=sk-ant-… node --conditions=@apikeyrouter/source --import tsx examples/migrating/litellm/after.ts
 */
import { AnthropicAdapter } from '@apikeyrouter/anthropic';
import { ApiKeyRouter, RouterError } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';

const env = process.env;
const list = (...names: string[]) => [
  ...new Set(names.flatMap((name) => (env[name] ?? '').split(',').map((key) => key.trim())).filter(Boolean)),
];

const router = new ApiKeyRouter({ defaults: { maxAttempts: 4 } }); // num_retries
await router.registerProvider('openai', new OpenAIAdapter({ baseURL: env.OPENAI_BASE_URL }));
await router.registerProvider('anthropic', new AnthropicAdapter({ baseURL: env.ANTHROPIC_BASE_URL }));

// model_list: one deployment per key, with its rpm/tpm — enforced before sending, not counted afterwards.
for (const [i, key] of list('OPENAI_API_KEY', 'OPENAI_API_KEYS').entries()) {
  await router.registerKey(key, 'openai', { label: `openai-${i + 1}`, limits: { rpm: 500, tpm: 200_000 } });
}
for (const [i, key] of list('ANTHROPIC_API_KEY', 'ANTHROPIC_API_KEYS').entries()) {
  await router.registerKey(key, 'anthropic', { label: `anthropic-${i + 1}`, limits: { rpm: 50 } });
}

// max_budget + budget_duration, per team (LiteLLM's team budgets) and for everything.
await router.costController.createBudget({
  name: 'monthly',
  scope: 'global',
  limit: '100',
  period: 'month',
  enforcementMode: 'hard',
});
await router.costController.createBudget({
  name: 'search team',
  scope: 'tag',
  scopeId: 'team:search',
  limit: '0.00001',
  period: 'day',
  enforcementMode: 'hard',
});

// routing_strategy "usage-based-routing-v2" → spread load by remaining quota: 'fairness' (or 'reliability').
const intent = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Route me' }],
  fallbackModels: ['anthropic/claude-3-5-haiku-latest'], // fallbacks=[{"gpt-4o-mini": ["claude-3-5-haiku"]}]
};
const served = new Map<string, number>();
for (let i = 0; i < 6; i++) {
  const res = await router.route(intent, 'fairness');
  const label = router.getKey(res.keyUsed)?.label ?? res.keyUsed;
  served.set(label, (served.get(label) ?? 0) + 1);
}
console.log('requests per key (fairness):', Object.fromEntries(served));

// "latency-based-routing" → 'latency'; "cost-based-routing" → 'cost'; a dry run shows why.
console.log(String(router.explain(intent, 'latency')));

// A team over its budget is refused before any money is spent (LiteLLM raises after the spend is counted).
try {
  await router.route({ ...intent, tags: { team: 'search' } }, 'cost');
} catch (error) {
  if (!RouterError.isInstance(error) || error.category !== 'budget_exceeded') throw error;
  console.log(`search team refused before spending: ${error.category}`);
}
for (const budget of router.costController.listBudgets()) {
  const status = await router.costController.getBudgetStatus(budget.id);
  console.log(
    `budget ${budget.name}: spent $${status.spent.toFixed(6)}, $${status.remaining.toFixed(6)} left`,
  );
}
