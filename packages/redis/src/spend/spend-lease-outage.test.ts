import { describe, expect, it, vi } from 'vitest';
import type { UnavailablePolicy } from '../quota/degrading-quota-store.js';
import { busyRedis } from '../testing/busy-redis.test-helpers.js';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';
import { COMMIT_LINE, hardBudget, leaseReplicas, request } from './spend-lease.test-helpers.js';

// A spend lease whose settle cannot reach Redis: its spend goes to the degrading store's write-back.

const redis = useRedisServer();
const { replica, inRedis } = leaseReplicas(redis);

/** Two requests admitted on one lease (the second without a Redis call) and committed: 0.03 in all. */
async function spendOnALease(a: Awaited<ReturnType<typeof replica>>): Promise<void> {
  await a.spend.putBudget(hardBudget('1'));
  const at = Date.now();
  for (const id of ['o1', 'o2'])
    expect(await a.degrading.reserve(request(id, '0.01', '1', at))).toEqual({ ok: true });
  expect(a.spend.leaseAdmission('o2')).toBe('local');
  await a.degrading.commit({ reservationId: 'o1', actual: '0.01', lines: [COMMIT_LINE], at });
  await a.degrading.commit({ reservationId: 'o2', actual: '0.02', lines: [COMMIT_LINE], at });
  await a.spend.flushChanges();
  // The lease holds 4 requests' worth in Redis; this replica reads its two commits as spent at once.
  expect(a.degrading.totals('b1', 0)).toEqual({ spent: '0.03', reserved: '0.01' });
}

describe('a spend lease settle that cannot reach Redis', () => {
  it.each<UnavailablePolicy>(['local', 'fail-closed'])(
    'is written back once Redis answers, however long it was away, with its request count (%s)',
    async (policy) => {
      const prefix = `lease-outage-${policy}`;
      const a = await replica(prefix, { activeMs: 60_000 }, { timeoutMs: 200, policy });
      await spendOnALease(a);
      await redis.server().stop();
      const real = performance.now.bind(performance);
      try {
        // The lease retires; its settle cannot reach Redis …
        await a.spend.retireLeases();
        // … and the clock jumps past the 4 minutes a lease retries by itself (what a long outage looks like).
        vi.spyOn(performance, 'now').mockImplementation(() => real() + 300_000);
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        // Still counted by this replica: the lease's hold as last seen, plus its spend queued for Redis.
        expect(a.degrading.totals('b1', 0)).toEqual({ spent: '0', reserved: '0.07' });
      } finally {
        vi.restoreAllMocks();
        // Redis comes back empty: the budget is seeded from the replica, then the lease's spend is written.
        await redis.server().restart();
      }
      await vi.waitFor(() => expect(a.degrading.totals('b1', 0)).toEqual({ spent: '0.03', reserved: '0' }), {
        timeout: 10_000,
        interval: 50,
      });
      expect(await inRedis(prefix)).toEqual({ spent: '0.03', reserved: '0', requests: 2 });
    },
    20_000,
  );

  it('whose reply was lost although Redis ran it is written back and counted once', async () => {
    const prefix = 'lease-outage-lost-reply';
    const a = await replica(prefix, { activeMs: 60_000 }, { timeoutMs: 200, policy: 'local' });
    await spendOnALease(a);
    // Redis is busy past the timeout: the lease's commit times out, but Redis runs it once the loop ends.
    const stalled = await busyRedis(redis.server().url, 600);
    await a.spend.retireLeases();
    expect(a.degrading.degraded).toBe(true);
    await stalled.done;
    // The next call that reaches Redis writes the queued settlement: the commit script knows it ran.
    await vi.waitFor(
      async () => {
        const at = Date.now();
        expect(await a.degrading.reserve({ ...request(`p${at}`, '0', '1', at), series: [] })).toEqual({
          ok: true,
        });
        expect(a.degrading.degraded).toBe(false);
      },
      { timeout: 5_000, interval: 50 },
    );
    await a.degrading.flush(Date.now());
    expect(await inRedis(prefix)).toEqual({ spent: '0.03', reserved: '0', requests: 2 });
  });
});
