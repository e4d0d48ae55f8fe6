import type { BudgetRecord } from '@apikeyrouter/core/store';
import { describe, expect, it } from 'vitest';
import type { AvailabilityEvent } from '../policy/availability-events.js';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const budget: BudgetRecord = {
  id: 'b1',
  scope: 'global',
  limit: '1',
  period: 'total',
  enforcementMode: 'hard',
  createdAt: 0,
};
const line = { budgetId: 'b1', countFrom: 0, bucketStart: 0, limit: '1' };
const series = [{ dimension: 'global' as const, id: '*' }];

async function eventually(check: () => Promise<boolean> | boolean): Promise<void> {
  // Polls until Redis is back; bounded by the test timeout.
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("spend with onUnavailable: 'local'", () => {
  it('holds within this replica’s share of the headroom while Redis is down, then writes its spend back', async () => {
    const prefix = `spend-local-${process.pid}`;
    const stores = await redis.stores({ prefix, replicas: 4, timeoutMs: 200, onUnavailable: 'local' });
    const events: AvailabilityEvent[] = [];
    stores.onAvailability((event) => events.push(event));
    await stores.spend.putBudget(budget);
    const reserve = (id: string, amount: string) => {
      const at = Date.now();
      return stores.spend.reserve({
        reservationId: id,
        amount,
        lines: [line],
        series,
        at,
        expiresAt: at + 60_000,
      });
    };
    expect(await reserve('s0', '0.2')).toEqual({ ok: true });
    await stores.spend.commit({ reservationId: 's0', actual: '0.2', lines: [line], at: Date.now() });
    expect(stores.spend.availability()).toBeUndefined();

    // Headroom 0.8 over 4 replicas: this one may hold 0.2 while it cannot see the others.
    await redis.server().stop();
    expect(await reserve('s1', '0.15')).toEqual({ ok: true });
    expect(await reserve('s2', '0.1')).toMatchObject({ ok: false, failed: [{ budgetId: 'b1' }] });
    expect(stores.spend.availability()).toMatchObject({ store: 'spend', mode: 'local' });
    expect(events).toMatchObject([{ store: 'spend', mode: 'degraded' }]);
    expect(stores.spend.totals('b1', 0)).toEqual({ spent: '0.2', reserved: '0.15' });
    // Settled locally: the actual cost replaces the hold and waits for Redis.
    expect(
      await stores.spend.commit({ reservationId: 's1', actual: '0.12', lines: [line], at: Date.now() }),
    ).toEqual({ b1: '0.32' });
    expect(await reserve('s3', '0.09')).toMatchObject({ ok: false });
    expect(await reserve('s4', '0.08')).toEqual({ ok: true });
    expect(await stores.spend.release('s4', Date.now())).toBe(true);

    // Redis comes back empty: the budget is seeded from the replica and the degraded spend is written.
    await redis.server().restart();
    await eventually(async () => (await reserve(`probe-${Date.now()}`, '0')).ok && !stores.spend.degraded);
    expect(events.at(-1)).toMatchObject({ store: 'spend', mode: 'recovered' });
    const other = await redis.stores({ prefix, replicas: 4 });
    await eventually(() => other.spend.totals('b1', 0).spent === '0.32');
    expect((await other.spend.spendBetween(series[0] as (typeof series)[0], 0, Date.now() + 1)).total).toBe(
      '0.12',
    );
    await eventually(() => stores.spend.totals('b1', 0).reserved === '0');
    expect(stores.spend.totals('b1', 0)).toEqual({ spent: '0.32', reserved: '0' });
  });

  it('a commit queued while Redis was down reaches the hourly series although its Redis hold is gone', async () => {
    const prefix = `spend-replay-${process.pid}`;
    const stores = await redis.stores({ prefix, replicas: 2, timeoutMs: 200, onUnavailable: 'local' });
    await stores.spend.putBudget(budget);
    const at = Date.now();
    // Held in Redis while it answers; the request settles while Redis is down, so the commit is queued.
    const held = { reservationId: 'r1', amount: '0.3', lines: [line], series, at, expiresAt: at + 60_000 };
    expect(await stores.spend.reserve(held)).toEqual({ ok: true });
    await redis.server().stop();
    expect(
      await stores.spend.commit({ reservationId: 'r1', actual: '0.25', lines: [line], at: Date.now() }),
    ).toEqual({ b1: '0.25' });
    // Redis comes back empty (no persistence): the hold is gone, so the replay is carried by a new hold.
    await redis.server().restart();
    const probe = { reservationId: 'p', amount: '0', lines: [line], series: [], at: Date.now() };
    await eventually(
      async () =>
        (
          await stores.spend.reserve({
            ...probe,
            reservationId: `p${Date.now()}`,
            expiresAt: Date.now() + 1_000,
          })
        ).ok && !stores.spend.degraded,
    );
    const other = await redis.stores({ prefix, replicas: 2 });
    await eventually(() => other.spend.totals('b1', 0).spent === '0.25');
    const hourly = await other.spend.spendBetween(series[0] as (typeof series)[0], 0, Date.now() + 1);
    expect(hourly).toEqual({ total: '0.25', requests: 1 });
  });

  it('fails closed by default: a budget is never guessed at', async () => {
    const stores = await redis.stores({ replicas: 4, timeoutMs: 200 });
    await stores.spend.putBudget(budget);
    await redis.server().stop();
    const at = Date.now();
    const failure = await stores.spend
      .reserve({ reservationId: 'x', amount: '0.1', lines: [line], series, at, expiresAt: at + 60_000 })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ category: 'store_unavailable' });
    expect(stores.spend.availability()).toMatchObject({ store: 'spend', mode: 'unavailable' });
    await redis.server().restart();
  });
});
