import { Decimal } from 'decimal.js';
import { describe, expect, it, vi } from 'vitest';
import {
  answeredCost,
  expectNoKeyOverLimit,
  useMultiProcessFixture,
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
    const lines = workers.flatMap((worker) => worker.lines);
    for (const line of lines) if ('ok' in line && !line.ok) expect(line.category).not.toBe('crash');
    const served = lines.filter((line) => 'ok' in line && line.ok).length;
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThan(lines.length);

    const now = Date.now();
    let total = new Decimal(0);
    for (const [i, worker] of workers.entries()) {
      const series = await fx.stores.spend.spendBetween(
        { dimension: 'tag', id: `worker:w${i}` },
        now - 3_600_000,
        now + 1,
      );
      expect(series.total).toBe(answeredCost(worker.lines).toFixed());
      total = total.plus(series.total);
    }
    expect(total.lessThanOrEqualTo(BUDGET)).toBe(true);
    await vi.waitFor(
      () => expect(fx.stores.spend.totals(budget.id, 0)).toEqual({ spent: total.toFixed(), reserved: '0' }),
      {
        timeout: 10_000,
      },
    );
  }, 180_000); // starting four node + tsx workers on two busy cores took 18–32 s at load average 9
});
