import { deriveKeyId } from '@apikeyrouter/core';
import { Decimal } from 'decimal.js';
import { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import {
  answeredCost,
  expectNoKeyOverLimit,
  expectServedAndRefused,
  killFirstMidRun,
  useMultiProcessFixture,
  WORKER_DEADLINE_MS,
  workerSpend,
} from './multi-process-fixture.test-helpers.js';

const PROCESSES = 4;
const BUDGET = '0.0008';
/** Holds live until the request deadline plus the router's margin (HOLD_MARGIN_MS, execution/reservation.ts). */
const HOLD_MARGIN_MS = 5_000;
const ACTIVE_MS = 1_000;

// 64 rpm per key: a lease may take 1/16 of it (4 requests), so the keys are leased and still reach their limits.
const fx = useMultiProcessFixture('multilease', { rpm: 64, tpm: 32_000 });

describe('4 router processes on one Redis, on leases', () => {
  it('keep every key under its limit and spend exact within the budget; a SIGKILLed one leaves no lease behind', async () => {
    const budget = await fx.globalBudget(BUDGET);
    // Which leases the workers asked Redis for: quota lease ids start with `L.`, spend lease ids with `L:`.
    const watcher = new Redis(fx.redis.url);
    const monitor = await watcher.monitor();
    const leaseFetches = { quota: 0, spend: 0 };
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() !== 'evalsha') return;
      if (args.some((arg) => arg.startsWith('L.'))) leaseFetches.quota++;
      if (args.some((arg) => arg.startsWith('L:'))) leaseFetches.spend++;
    });
    const workers = await fx.startWorkers(PROCESSES, (i) => ({
      timeoutMs: 5_000,
      settlement: 'background',
      leases: { activeMs: ACTIVE_MS },
      endless: i === 0,
    }));
    const { victim, killedAt, survivors } = await killFirstMidRun(workers);

    monitor.disconnect();
    watcher.disconnect();
    expect(leaseFetches.quota).toBeGreaterThan(0);
    expect(leaseFetches.spend).toBeGreaterThan(0);
    expectNoKeyOverLimit(fx);
    expectServedAndRefused(survivors.flatMap((worker) => worker.lines));

    // Each survivor settled its leases before saying done (close() retires them): its series equals its answers.
    const spend = await workerSpend(fx, workers.length);
    for (const [i, worker] of workers.entries())
      if (worker !== victim) expect(spend[i]?.toFixed()).toBe(answeredCost(worker.lines).toFixed());
    const total = Decimal.sum(...spend);
    expect(total.lessThanOrEqualTo(BUDGET)).toBe(true);

    // The victim's leases are gone by their expiry: active period + request deadline + the router's margin.
    const after = killedAt + ACTIVE_MS + WORKER_DEADLINE_MS + HOLD_MARGIN_MS + 1_000;
    for (const keyId of fx.keys.map((key) => deriveKeyId('openai', key.material))) {
      const snapshot = await fx.stores.quota.snapshot(keyId, after);
      expect(snapshot?.held.requests_per_minute ?? 0).toBe(0);
    }
    await fx.stores.spend.release('sweep', after);
    await vi.waitFor(() => expect(fx.stores.spend.totals(budget.id, 0).reserved).toBe('0'), {
      timeout: 10_000,
    });
  }, 180_000); // starting four node + tsx workers on two busy cores took 18–32 s at load average 9
});
