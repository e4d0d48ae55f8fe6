import { describe, expect, it, vi } from 'vitest';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';
import {
  COMMIT_LINE,
  capped,
  countedRuns,
  hardBudget,
  leaseReplicas,
  request,
} from './spend-lease.test-helpers.js';

// Spend leases and budgets created or removed elsewhere: a lease never admits past a budget version change.

const { replica, inRedis } = leaseReplicas(useRedisServer());

describe('spend leases and the budget version', () => {
  it('a budget created on another replica retires the live leases once its message is applied', async () => {
    const prefix = 'lease-bver';
    const a = await replica(prefix, { activeMs: 60_000 });
    const b = await replica(prefix);
    await a.spend.putBudget(hardBudget('1'));
    await vi.waitFor(() => expect(b.spend.getBudget('b1')).toBeDefined());
    const at = Date.now();
    for (const id of ['v1', 'v2'])
      expect(await a.spend.reserve(request(id, '0.01', '1', at))).toEqual({ ok: true });
    expect(a.spend.leaseAdmission('v2')).toBe('local');
    await a.spend.commit({ reservationId: 'v1', actual: '0.01', lines: [COMMIT_LINE], at });

    await b.spend.putBudget(hardBudget('1', 'b2'));
    await vi.waitFor(() => expect(a.spend.getBudget('b2')).toBeDefined());
    const run = await countedRuns(a);
    // Lines decided now name both budgets: the request asks Redis, which holds on the new budget too …
    const both = { ...request('v3', '0.01', '1'), lines: [capped('1'), capped('1', 'b2')] };
    expect(await a.spend.reserve(both)).toEqual({ ok: true });
    expect(a.spend.leaseAdmission('v3')).not.toBe('local');
    expect(run.names()).toContain('spend.reserve');
    expect(Number((await inRedis(prefix, 'b2')).reserved)).toBeGreaterThan(0);
    // … and one on the old lines is not admitted on the old lease either.
    expect(await a.spend.reserve(request('v4', '0.01', '1'))).toEqual({ ok: true });
    expect(a.spend.leaseAdmission('v4')).not.toBe('local');

    // The old lease was retired at once (not at the end of its 60 s): it settles when its last request does.
    await a.spend.commit({ reservationId: 'v2', actual: '0.02', lines: [COMMIT_LINE], at });
    await vi.waitFor(
      async () => expect(await inRedis(prefix)).toMatchObject({ spent: '0.03', requests: 2 }),
      {
        timeout: 3_000,
        interval: 100,
      },
    );
  });
});
