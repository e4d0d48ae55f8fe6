import type { BudgetRecord, SpendLine, SpendReserveRequest } from '@apikeyrouter/core/store';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const T0 = 1_767_225_600_000;
const budget: BudgetRecord = {
  id: 'b1',
  scope: 'global',
  limit: '1',
  period: 'day',
  enforcementMode: 'hard',
  createdAt: T0,
};
const line: SpendLine = { budgetId: 'b1', countFrom: T0, bucketStart: T0, limit: '1' };

function reserve(id: string, amount: string, at = T0): SpendReserveRequest {
  return {
    reservationId: id,
    amount,
    lines: [line],
    series: [{ dimension: 'global', id: '*' }],
    at,
    expiresAt: at + 30_000,
  };
}

async function until(check: () => boolean): Promise<void> {
  // Waits for a pub/sub message to arrive; bounded by the test timeout, never a fixed sleep.
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

describe('RedisSpendStore', () => {
  it('never overshoots a hard budget under 200 concurrent reserves from two replicas', async () => {
    const a = await redis.stores({ prefix: 'race' });
    const b = await redis.stores({ prefix: 'race' });
    await a.spend.putBudget(budget);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).spend.reserve(reserve(`r${i}`, '0.03'))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(33);
    // Replica a hears of b's holds through pub/sub, so its local view converges on the store's total.
    await until(() => a.spend.totals('b1', T0).reserved === '0.99');
    expect(a.spend.totals('b1', T0).reserved).toBe('0.99');
    const failed = results.find((r) => !r.ok);
    expect(failed).toEqual({ ok: false, failed: [{ budgetId: 'b1', spent: '0', reserved: '0.99' }] });
  });

  it('commits exact decimal spend, visible to another replica through pub/sub', async () => {
    const a = await redis.stores({ prefix: 'exact' });
    const b = await redis.stores({ prefix: 'exact' });
    await a.spend.putBudget(budget);
    await until(() => b.spend.getBudget('b1') !== undefined);
    let expected = new Decimal(0);
    for (let i = 0; i < 10; i++) {
      await a.spend.reserve(reserve(`c${i}`, '0.1'));
      const spent = await a.spend.commit({
        reservationId: `c${i}`,
        actual: '0.0000001',
        lines: [line],
        at: T0,
      });
      expected = expected.plus('0.0000001');
      expect(spent).toEqual({ b1: expected.toFixed() });
    }
    expect(a.spend.totals('b1', T0)).toEqual({ spent: '0.000001', reserved: '0' });
    await until(() => b.spend.totals('b1', T0).spent === '0.000001');
    expect(b.spend.totals('b1', T0).reserved).toBe('0');
    expect(await b.spend.spendBetween({ dimension: 'global', id: '*' }, T0, T0 + 3_600_000)).toEqual({
      total: '0.000001',
      requests: 10,
    });
    expect(await b.spend.seriesIds('global')).toEqual(['*']);
    expect(await a.spend.commit({ reservationId: 'c0', actual: '1', lines: [line], at: T0 })).toBeUndefined();
  });

  it("a new window's first commit drops the buckets before it and answers the window's spend only", async () => {
    const a = await redis.stores({ prefix: 'window' });
    await a.spend.putBudget(budget);
    const day = 86_400_000;
    const next: SpendLine = { budgetId: 'b1', countFrom: T0 + day, bucketStart: T0 + day, limit: '1' };
    await a.spend.reserve(reserve('w1', '0.3'));
    expect(await a.spend.commit({ reservationId: 'w1', actual: '0.3', lines: [line], at: T0 })).toEqual({
      b1: '0.3',
    });
    await a.spend.reserve({ ...reserve('w2', '0.25', T0 + day), lines: [next] });
    const commit = { reservationId: 'w2', actual: '0.25', lines: [next], at: T0 + day };
    expect(await a.spend.commit(commit)).toEqual({ b1: '0.25' });
    // A replica loading now sees only what Redis kept: the old day's bucket is gone.
    const b = await redis.stores({ prefix: 'window' });
    expect(b.spend.totals('b1', 0)).toEqual({ spent: '0.25', reserved: '0' });
  });

  it('expired holds free their budget; their commit or release is harmless', async () => {
    const { spend } = await redis.stores();
    await spend.putBudget(budget);
    expect(await spend.reserve({ ...reserve('e', '0.9'), expiresAt: T0 + 5_000 })).toEqual({ ok: true });
    expect((await spend.reserve(reserve('f', '0.2', T0 + 4_000))).ok).toBe(false);
    expect(await spend.reserve(reserve('g', '0.2', T0 + 5_000))).toEqual({ ok: true });
    expect(await spend.release('e', T0 + 6_000)).toBe(false);
    expect(
      await spend.commit({ reservationId: 'e', actual: '0.9', lines: [line], at: T0 + 6_000 }),
    ).toBeUndefined();
    expect(spend.totals('b1', T0)).toEqual({ spent: '0', reserved: '0.2' });
  });

  it('a deleted budget is no longer touched by its live holds, also when recreated', async () => {
    const { spend } = await redis.stores();
    await spend.putBudget(budget);
    expect(await spend.reserve(reserve('d', '0.4'))).toEqual({ ok: true });
    expect(await spend.removeBudget('b1')).toBe(true);
    await spend.putBudget(budget);
    expect(await spend.release('d', T0)).toBe(true);
    expect(spend.totals('b1', T0)).toEqual({ spent: '0', reserved: '0' });
    expect(await spend.reserve(reserve('e', '1'))).toEqual({ ok: true });
  });

  it('a hold never touches a budget that did not exist when it was made, also once it is created', async () => {
    const { spend } = await redis.stores();
    await spend.putBudget(budget);
    const other: SpendLine = { ...line, budgetId: 'b2' };
    // A line naming a budget Redis does not hold (as a replica whose lines name one removed meanwhile).
    expect(await spend.reserve({ ...reserve('u', '0.4'), lines: [line, other] })).toEqual({ ok: true });
    await spend.putBudget({ ...budget, id: 'b2' });
    expect(await spend.release('u', T0)).toBe(true);
    expect(spend.totals('b1', T0)).toEqual({ spent: '0', reserved: '0' });
    expect(spend.totals('b2', T0)).toEqual({ spent: '0', reserved: '0' });
  });

  it('fires each threshold once per window across replicas; a new window re-arms', async () => {
    const a = await redis.stores({ prefix: 'thr' });
    const b = await redis.stores({ prefix: 'thr' });
    await a.spend.putBudget(budget);
    const claims = await Promise.all([
      a.spend.claimThresholds('b1', 'w1', [0.5, 0.8], false),
      b.spend.claimThresholds('b1', 'w1', [0.5, 0.8], false),
    ]);
    expect(claims.flat().sort()).toEqual([0.5, 0.8]);
    expect(await b.spend.claimThresholds('b1', 'w2', [0.5], false)).toEqual([0.5]);
    expect(await b.spend.claimThresholds('b1', 'w2', [], true)).toEqual([]);
    expect(await a.spend.claimThresholds('b1', 'w2', [0.5], false)).toEqual([0.5]);
    expect(await a.spend.removeBudget('b1')).toBe(true);
    expect(await a.spend.removeBudget('b1')).toBe(false);
    await until(() => b.spend.getBudget('b1') === undefined);
  });
});
