/**
 * Two routers sharing one set of stores (`stores: { keys, quota, spend }`): together they never exceed a key's
 * declared limit or a hard budget, and each sees the other's budgets and key states. The memory stores share
 * state inside one process; a Redis implementation of the same contracts shares it between processes.
 *
 * Run: node --conditions=@apikeyrouter/source --import tsx examples/stores/shared-stores.ts
 */
import {
  ApiKeyRouter,
  MemoryKeyStore,
  MemoryQuotaStore,
  MemorySpendStore,
  VirtualClock,
} from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';

const clock = new VirtualClock({ autoAdvance: true });
const material = 'sk-example-shared-1';
// A simulated provider that enforces 10 requests per minute on the key, as a real one would.
const provider = new FakeAdapter({ id: 'openai', clock, keys: { [material]: { rpm: 10 } } });
const stores = { keys: new MemoryKeyStore(), quota: new MemoryQuotaStore(), spend: new MemorySpendStore() };

async function replica(): Promise<ApiKeyRouter> {
  const router = new ApiKeyRouter({ clock, stores });
  await router.registerProvider('openai', provider);
  await router.registerKey(material, 'openai', { limits: { rpm: 10 } });
  return router;
}

const [a, b] = [await replica(), await replica()];
const intent = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };
const outcomes = await Promise.allSettled(
  Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? a : b).route(intent, 'cost', { deadlineMs: 2_000 })),
);
const served = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
const rateLimited = Object.values(provider.stats()).reduce((sum, key) => sum + key.rateLimited, 0);
console.log(`served ${served} of 16 across two routers; upstream 429s: ${rateLimited}`);
if (served !== 10 || rateLimited !== 0) throw new Error('the shared quota store did not hold the limit');

const budget = await a.costController.createBudget({
  scope: 'global',
  limit: '5',
  period: 'day',
  enforcementMode: 'hard',
});
console.log(
  'router b sees the budget router a created:',
  b.costController.listBudgets()[0]?.id === budget.id,
);
