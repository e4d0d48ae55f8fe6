import { Decimal } from 'decimal.js';
import { describe, expect, it, vi } from 'vitest';
import {
  answeredCost,
  expectNoKeyOverLimit,
  expectServedAndRefused,
  useMultiProcessFixture,
  workerSpend,
} from './multi-process-fixture.test-helpers.js';

const PROCESSES = 4;
const BUDGET = '0.0008';

const fx = useMultiProcessFixture('multibg');

describe('4 router processes on one Redis, background settlement', () => {
  it('keep every key under its limit, and spend equals the sum of every answer within the budget', async () => {
    const budget = await fx.globalBudget(BUDGET);
    const workers = await fx.startWorkers(PROCESSES, () => ({ timeoutMs: 5_000, settlement: 'background' }));
    // A worker says done after router.settled(): its spend is in Redis by then.
    await Promise.all(workers.map((worker) => worker.waitFor((line) => 'done' in line)));

    expectNoKeyOverLimit(fx);
    expectServedAndRefused(workers.flatMap((worker) => worker.lines));

    const spend = await workerSpend(fx, workers.length);
    for (const [i, worker] of workers.entries())
      expect(spend[i]?.toFixed()).toBe(answeredCost(worker.lines).toFixed());
    const total = Decimal.sum(...spend);
    expect(total.lessThanOrEqualTo(BUDGET)).toBe(true);
    await vi.waitFor(
      () => expect(fx.stores.spend.totals(budget.id, 0)).toEqual({ spent: total.toFixed(), reserved: '0' }),
      {
        timeout: 10_000,
      },
    );
  }, 180_000); // starting four node + tsx workers on two busy cores took 18–32 s at load average 9
});
