import { RouterError } from '@apikeyrouter/core';
import type { BudgetRecord } from '@apikeyrouter/core/store';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';
import type { AvailabilityEvent } from './availability-events.js';

const redis = useRedisServer();
const amounts = { requests: 1, inputTokens: 10, outputTokens: 10 };
const budget: BudgetRecord = {
  id: 'b1',
  scope: 'global',
  limit: '1',
  period: 'total',
  enforcementMode: 'hard',
  createdAt: 0,
};
const line = { budgetId: 'b1', countFrom: 0, bucketStart: 0, limit: '1' };

async function eventually(check: () => Promise<boolean>): Promise<void> {
  // Polls until Redis is back; bounded by the test timeout.
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('when Redis is down', () => {
  it('quota degrades to per-replica shares, spend fails closed fast, and both recover by themselves', async () => {
    const stores = await redis.stores({ replicas: 4, timeoutMs: 200 });
    const events: AvailabilityEvent[] = [];
    stores.onAvailability((event) => events.push(event));
    await stores.spend.putBudget(budget);
    const now = Date.now();
    expect(
      await stores.spend.reserve({
        reservationId: 's0',
        amount: '0.5',
        lines: [line],
        series: [],
        at: now,
        expiresAt: now + 60_000,
      }),
    ).toEqual({ ok: true });
    const reserve = (id: string) =>
      stores.quota.reserve({
        keyId: 'k',
        reservationId: id,
        amounts,
        limits: { requests_per_minute: 8 },
        now: Date.now(),
        expiresAt: Date.now() + 60_000,
      });
    expect(await reserve('q0')).toEqual({ ok: true });
    await stores.spend.commit({ reservationId: 's0', actual: '0.25', lines: [line], at: now });
    expect(
      await stores.spend.reserve({
        reservationId: 's00',
        amount: '0.5',
        lines: [line],
        series: [],
        at: now,
        expiresAt: now + 60_000,
      }),
    ).toEqual({ ok: true });

    await redis.server().stop();
    // 8 rpm over 4 replicas: this one may hold 2 while it cannot see the others.
    expect(await reserve('q1')).toEqual({ ok: true });
    expect(await reserve('q2')).toEqual({ ok: true });
    expect(await reserve('q3')).toMatchObject({ ok: false, dimension: 'requests_per_minute', limit: 2 });
    expect(events).toMatchObject([{ store: 'quota', mode: 'degraded' }]);
    expect(
      await stores.quota.commit({ keyId: 'k', reservationId: 'q1', actual: amounts, now: Date.now() }),
    ).toBe(true);
    const failure = await stores.spend
      .reserve({
        reservationId: 's1',
        amount: '0.1',
        lines: [line],
        series: [],
        at: Date.now(),
        expiresAt: Date.now() + 60_000,
      })
      .catch((error: unknown) => error);
    expect(RouterError.isInstance(failure) && failure.category).toBe('store_unavailable');
    expect(String(failure)).not.toContain('redis://');
    // The replica still answers synchronous reads with its last view.
    expect(stores.spend.totals('b1', 0)).toEqual({ spent: '0.25', reserved: '0.5' });

    // A restart without persistence: every hold is gone, the budget and its spend come back from the replica.
    await redis.server().restart();
    await eventually(async () => (await reserve(`q-${Date.now()}`)).ok && !stores.quota.degraded);
    expect(events.at(-1)).toMatchObject({ store: 'quota', mode: 'recovered' });
    await eventually(async () => stores.spend.totals('b1', 0).reserved === '0');
    expect(stores.spend.totals('b1', 0)).toEqual({ spent: '0.25', reserved: '0' });
    const at = Date.now();
    const hold = (id: string, amount: string) =>
      stores.spend.reserve({
        reservationId: id,
        amount,
        lines: [line],
        series: [],
        at,
        expiresAt: at + 60_000,
      });
    expect((await hold('s2', '0.76')).ok).toBe(false);
    expect(await hold('s3', '0.75')).toEqual({ ok: true });
  });
});
