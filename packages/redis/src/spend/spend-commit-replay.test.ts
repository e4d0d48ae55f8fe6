import type { BudgetRecord } from '@apikeyrouter/core/store';
import { describe, expect, it } from 'vitest';
import { busyRedis } from '../testing/busy-redis.test-helpers.js';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const budget: BudgetRecord = {
  id: 'b1',
  scope: 'global',
  limit: '10',
  period: 'total',
  enforcementMode: 'hard',
  createdAt: 0,
};
const line = { budgetId: 'b1', countFrom: 0, bucketStart: 0, limit: '10' };
const series = [{ dimension: 'global' as const, id: '*' }];

async function eventually(check: () => Promise<boolean> | boolean): Promise<void> {
  // Polls until Redis answers again; bounded by the test timeout.
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('a spend commit is idempotent per reservation id', () => {
  it('the same commit sent twice to Redis counts once; the replay says it was committed before', async () => {
    const stores = await redis.stores({ prefix: 'replay-direct' });
    const spend = stores.spend;
    await spend.putBudget(budget);
    const at = Date.now();
    await spend.reserve({
      reservationId: 'r1',
      amount: '1',
      lines: [line],
      series,
      at,
      expiresAt: at + 60_000,
    });
    const commit = { reservationId: 'r1', actual: '0.75', lines: [line], at };
    expect(await spend.commit(commit)).toEqual({ b1: '0.75' });
    // The store contract: a settled reservation commits nothing (undefined) …
    expect(await spend.commit(commit)).toBeUndefined();
    expect(spend.totals('b1', 0)).toEqual({ spent: '0.75', reserved: '0' });
    expect((await spend.spendBetween(series[0] as (typeof series)[0], 0, at + 1)).total).toBe('0.75');
  });

  it('a commit that timed out but landed is written again when Redis answers, and counted once', async () => {
    const prefix = 'replay-timeout';
    const stores = await redis.stores({ prefix, timeoutMs: 200, onUnavailable: 'local' });
    await stores.spend.putBudget(budget);
    const at = Date.now();
    const reserve = { reservationId: 'r1', amount: '1', lines: [line], series, at, expiresAt: at + 60_000 };
    expect(await stores.spend.reserve(reserve)).toEqual({ ok: true });

    // Redis is busy past the timeout: the commit's reply is lost, but Redis runs it once the loop ends.
    const stalled = await busyRedis(redis.server().url, 600);
    const commit = { reservationId: 'r1', actual: '0.75', lines: [line], at: Date.now() };
    expect(await stores.spend.commit(commit)).toEqual({ b1: '0.75' });
    expect(stores.spend.degraded).toBe(true);
    await stalled.done;

    // Redis answers again: the queued commit is replayed; the script knows r1 was committed.
    await eventually(
      async () =>
        (
          await stores.spend.reserve({
            ...reserve,
            reservationId: `probe${Date.now()}`,
            amount: '0',
            series: [],
            at: Date.now(),
          })
        ).ok && !stores.spend.degraded,
    );
    await stores.spend.flush(Date.now());
    const other = await redis.stores({ prefix });
    expect(other.spend.totals('b1', 0).spent).toBe('0.75');
    const hourly = await other.spend.spendBetween(series[0] as (typeof series)[0], 0, Date.now() + 1);
    expect(hourly).toEqual({ total: '0.75', requests: 1 });
  });
});
