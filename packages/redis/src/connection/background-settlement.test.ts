import {
  ApiKeyRouter,
  Decimal,
  type SettlementFailedEvent,
  SystemClock,
  VirtualClock,
} from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';
import { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import type { RedisStores } from '../create-redis-stores.js';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const INTENT = {
  model: 'gpt-bg',
  messages: [{ role: 'user' as const, content: 'hello' }],
  parameters: { maxTokens: 40 },
};

async function routerOn(stores: RedisStores, clock = new SystemClock(), latencyMs = 0) {
  const keys = { 'sk-bg-0000001': { latencyMs }, 'sk-bg-0000002': { latencyMs } };
  const router = new ApiKeyRouter({ stores, clock });
  await router.registerProvider(
    'fake',
    new FakeAdapter({ id: 'fake', clock, keys, reportRateLimits: false }),
  );
  router.costController.setModelPrice('gpt-bg', { inputPerMillion: '150', outputPerMillion: '600' });
  for (const material of Object.keys(keys)) {
    await router.registerKey(material, 'fake', { limits: { rpm: 100_000, tpm: 10_000_000 } });
  }
  return router;
}

describe('background settlement on Redis', () => {
  it('spend in Redis equals the sum of every answer once router.settled() resolves', async () => {
    const prefix = `bg${process.pid}a`;
    const stores = await redis.stores({ prefix, settlement: 'background' });
    expect(stores.settlement).toBe('background');
    const router = await routerOn(stores);
    const budget = await router.costController.createBudget({
      scope: 'global',
      limit: '1000',
      period: 'day',
      enforcementMode: 'hard',
    });
    const costs: Decimal[] = [];
    let next = 0;
    const lane = async () => {
      while (next++ < 150) costs.push((await router.route(INTENT, 'cost')).cost.amount);
    };
    await Promise.all(Array.from({ length: 12 }, lane));
    await router.settled();
    const sum = costs.reduce((total, cost) => total.plus(cost), new Decimal(0));
    expect(costs).toHaveLength(150);
    // This process's view (updated by each commit's reply) right away …
    const own = await router.costController.getBudgetStatus(budget.id);
    expect(own.spent.toFixed()).toBe(sum.toFixed());
    expect(own.reserved.isZero()).toBe(true);
    // … and a fresh process's, loaded from Redis: every commit landed and no hold is left.
    const fresh = new ApiKeyRouter({ stores: await redis.stores({ prefix }) });
    const status = await fresh.costController.getBudgetStatus(budget.id);
    expect(sum.greaterThan(0)).toBe(true);
    expect(status.spent.toFixed()).toBe(sum.toFixed());
    expect(status.reserved.isZero()).toBe(true);
  });

  it('close() sends the settlements still queued before it disconnects', async () => {
    const prefix = `bg${process.pid}b`;
    const stores = await redis.stores({ prefix, settlement: 'background' });
    const now = Date.now();
    await stores.spend.putBudget({
      id: 'b1',
      scope: 'global',
      limit: '10',
      period: 'day',
      enforcementMode: 'hard',
      createdAt: now,
    });
    const line = { budgetId: 'b1', countFrom: 0, limit: '10', bucketStart: 0 };
    const held = await stores.spend.reserve({
      reservationId: 'r1',
      amount: '2',
      lines: [line],
      series: [],
      at: now,
      expiresAt: now + 60_000,
    });
    expect(held).toEqual({ ok: true });
    const committing = stores.spend.commit({ reservationId: 'r1', actual: '1.25', lines: [line], at: now });
    await stores.close();
    expect(await committing).toEqual({ b1: '1.25' });
    const fresh = await redis.stores({ prefix });
    expect(fresh.spend.totals('b1', 0)).toEqual({ spent: '1.25', reserved: '0' });
  });

  it('a background commit that Redis does not answer surfaces as settlementFailed (spend fails closed)', async () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const stores = await redis.stores({ settlement: 'background', timeoutMs: 300, clock });
    const router = await routerOn(stores, clock, 1_000);
    const budget = await router.costController.createBudget({
      scope: 'global',
      limit: '1000',
      period: 'day',
      enforcementMode: 'hard',
    });
    const events: SettlementFailedEvent[] = [];
    router.on('settlementFailed', (event) => events.push(event));
    const admin = new Redis(redis.server().url);
    try {
      const answer = router.route(INTENT, 'cost');
      // The reservation is in Redis (its reply updated the replica); the provider call is under way.
      await vi.waitFor(() => expect(stores.spend.totals(budget.id, 0).reserved).not.toBe('0'));
      await admin.call('CLIENT', 'PAUSE', '5000', 'WRITE');
      await clock.advance(1_000);
      const res = await answer;
      await router.settled();
      expect(events).toContainEqual(
        expect.objectContaining({ keyId: res.keyId, category: 'store_unavailable' }),
      );
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
      admin.disconnect();
    }
  });
  it("a reservation that fits goes without the key's queued settlements: they stay off the request's path", async () => {
    const prefix = `bg${process.pid}e`;
    const stores = await redis.stores({ prefix, settlement: 'background' });
    const admin = new Redis(redis.server().url);
    const now = Date.now();
    const amounts = { requests: 1, inputTokens: 10, outputTokens: 10 };
    const hold = (id: string) =>
      stores.quota.reserve({
        keyId: 'roomy',
        reservationId: id,
        amounts,
        limits: { concurrency: 5, requests_per_minute: 100 },
        now,
        expiresAt: now + 60_000,
      });
    try {
      expect(await hold('r1')).toMatchObject({ ok: true });
      const committed = stores.quota.commit({ keyId: 'roomy', reservationId: 'r1', actual: amounts, now });
      expect(await hold('r2')).toMatchObject({ ok: true });
      // r1's commit is still waiting for its batch: Redis holds both reservations.
      const holds = await admin.hkeys(`${prefix}:{${prefix}:roomy}:q:h`);
      expect(holds.sort()).toEqual(['.r1', '.r2', 'a']);
      expect(await committed).toBe(true);
      expect((await admin.hkeys(`${prefix}:{${prefix}:roomy}:q:h`)).sort()).toEqual(['.r2', 'a']);
    } finally {
      admin.disconnect();
      await stores.close();
    }
  });

  it("a key's queued settlements reach Redis ahead of its next reservation (no false concurrency refusal)", async () => {
    const stores = await redis.stores({ prefix: `bg${process.pid}d`, settlement: 'background' });
    const now = Date.now();
    const amounts = { requests: 1, inputTokens: 10, outputTokens: 10 };
    const hold = (id: string, keyId = 'solo') =>
      stores.quota.reserve({
        keyId,
        reservationId: id,
        amounts,
        limits: { concurrency: 1 },
        now,
        expiresAt: now + 60_000,
      });
    expect(await hold('r1')).toMatchObject({ ok: true });
    expect(await hold('o1', 'other')).toMatchObject({ ok: true });
    // Both commits wait for their batch (not awaited: their promises settle when it leaves).
    const committed = stores.quota.commit({ keyId: 'solo', reservationId: 'r1', actual: amounts, now });
    const otherCommitted = stores.quota.commit({ keyId: 'other', reservationId: 'o1', actual: amounts, now });
    // The replica has let the slot go; Redis refuses while the commit waits, so the store sends the commit and
    // asks again behind it.
    expect(await hold('r2')).toMatchObject({ ok: true });
    expect(await committed).toBe(true);
    // Another key's settlement kept waiting for its batch and lands with it.
    expect(await otherCommitted).toBe(true);
    await stores.close();
  });
});
