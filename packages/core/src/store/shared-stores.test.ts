import { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it, vi } from 'vitest';
import {
  ApiKeyRouter,
  MemoryKeyStore,
  MemoryQuotaStore,
  MemorySpendStore,
  type RouterError,
  type RouterStores,
  VirtualClock,
} from '../index.js';
import { intent } from '../router/router-fixture.test-helpers.js';

const MATERIAL = 'sk-shared-0000001';

async function replica(clock: VirtualClock, stores: RouterStores, fake: FakeAdapter): Promise<ApiKeyRouter> {
  const router = new ApiKeyRouter({ clock, stores });
  await router.registerProvider('openai', fake);
  await router.registerKey(MATERIAL, 'openai', { limits: { rpm: 10 } });
  router.costController.setModelPrice('gpt-test', { inputPerMillion: '1000', outputPerMillion: '1000' });
  return router;
}

describe('routers sharing one set of stores', () => {
  it('never exceed a declared limit together, and see each other key states and budgets', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    // The provider enforces the same limit: any overuse by the two routers together shows up as a 429.
    const fake = new FakeAdapter({
      id: 'openai',
      clock,
      keys: { [MATERIAL]: { rpm: 10 } },
      reportRateLimits: false,
    });
    const stores = {
      keys: new MemoryKeyStore(),
      quota: new MemoryQuotaStore(),
      spend: new MemorySpendStore(),
    };
    const a = await replica(clock, stores, fake);
    const b = await replica(clock, stores, fake);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? a : b).route(intent(), 'cost', { deadlineMs: 5_000 }),
      ),
    );
    const served = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    const errors = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [(outcome.reason as RouterError).category] : [],
    );
    expect(served).toBe(10);
    expect(errors.every((category) => category === 'no_eligible_keys' || category === 'timeout')).toBe(true);
    const upstream = Object.values(fake.stats());
    expect(upstream.reduce((sum, key) => sum + key.rateLimited, 0)).toBe(0);
    expect(upstream.reduce((sum, key) => sum + key.successes, 0)).toBe(10);

    const budget = await a.costController.createBudget({
      scope: 'global',
      limit: '0.5',
      period: 'day',
      enforcementMode: 'hard',
    });
    expect(b.costController.listBudgets().map((x) => x.id)).toEqual([budget.id]);

    const keyId = a.listKeys()[0]?.id as string;
    await a.disableKey(keyId);
    await clock.advance(1);
    const restarted = await replica(clock, stores, fake);
    expect(restarted.getKey(keyId)?.state).toBe('disabled');
  });

  it('put a key state back when the store lost it (a shared store restarted empty)', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const fake = new FakeAdapter({ id: 'openai', clock, keys: { [MATERIAL]: {} }, reportRateLimits: false });
    const keys = new MemoryKeyStore();
    const a = await replica(
      clock,
      { keys, quota: new MemoryQuotaStore(), spend: new MemorySpendStore() },
      fake,
    );
    const keyId = a.listKeys()[0]?.id ?? '';
    await a.disableKey(keyId, 'drill');
    await a.enableKey(keyId);
    await vi.waitFor(async () => expect((await keys.get(keyId))?.version).toBe(2));
    await keys.delete(keyId);
    await a.disableKey(keyId, 'rotated out while the store was away');
    // The write expected the old version and lost the race to nobody: the router's copy is put back whole.
    await vi.waitFor(async () => expect((await keys.get(keyId))?.state).toBe('disabled'));
    expect((await keys.get(keyId))?.version).toBe(3);
  });
});
