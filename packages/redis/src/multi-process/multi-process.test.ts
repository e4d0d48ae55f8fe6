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
  WORKER_REQUESTS,
} from './multi-process-fixture.test-helpers.js';

const PROCESSES = 4;
/** Holds live until the request deadline plus the router's margin (HOLD_MARGIN_MS, execution/reservation.ts). */
const HOLD_MARGIN_MS = 5_000;
/** Above what the killed process's live holds can pin (32 × the worst case of one request) until they expire. */
const BUDGET = '0.0008';

const fx = useMultiProcessFixture('multi');

describe('4 router processes on one Redis', () => {
  it('keep every key under its limit and the budget exact; a SIGKILLed one leaves no hold behind', async () => {
    // One router (this process) defines the shared hard budget; the workers find it in Redis.
    const budget = await fx.globalBudget(BUDGET);
    const workers = await fx.startWorkers(PROCESSES, (i) => ({
      // Generous: this test is about the exact path, not degradation (see unavailable-policy.test.ts), and CI
      // machines running four routers on two cores can be slow to answer.
      timeoutMs: 5_000,
      // The victim never runs out of work: refusals of the spent budget come back fast enough that a finite
      // run could end before the kill arrives.
      endless: i === 0,
    }));

    // Kill one process mid-run, while it has requests in flight.
    const { victim, killedAt, survivors } = await killFirstMidRun(workers);

    // The upstream saw no key above its limit: it would have answered 429 (hidden rpm/tpm = declared).
    expectNoKeyOverLimit(fx);
    const lines = survivors.flatMap((worker) => worker.lines);
    expect(lines.filter((line) => 'ok' in line)).toHaveLength(WORKER_REQUESTS * survivors.length);

    // Spend: within the budget, and each surviving process's series equals the sum of its responses' costs.
    const now = Date.now();
    let perWorker = new Decimal(0);
    for (const [i, worker] of workers.entries()) {
      const series = await fx.stores.spend.spendBetween(
        { dimension: 'tag', id: `worker:w${i}` },
        now - 3_600_000,
        now + 1,
      );
      perWorker = perWorker.plus(series.total);
      if (worker !== victim) expect(series.total).toBe(answeredCost(worker.lines).toFixed());
      else expect(new Decimal(series.total).greaterThanOrEqualTo(answeredCost(worker.lines))).toBe(true);
    }
    // This process's budget view follows the workers' writes over pub/sub: it converges on what Redis holds.
    await vi.waitFor(() => expect(fx.stores.spend.totals(budget.id, 0).spent).toBe(perWorker.toFixed()), {
      timeout: 10_000,
    });
    expect(perWorker.lessThanOrEqualTo(BUDGET)).toBe(true);
    // Both kinds of limit were reached: some requests were served, others refused (never a crash).
    expectServedAndRefused(lines);

    // The victim's holds expire by its deadline plus the margin: read the shared state at that instant.
    const after = killedAt + WORKER_DEADLINE_MS + HOLD_MARGIN_MS + 1_000;
    for (const keyId of fx.keys.map((key) => deriveKeyId('openai', key.material))) {
      const snapshot = await fx.stores.quota.snapshot(keyId, after);
      expect(snapshot?.held.concurrency ?? 0).toBe(0);
    }
    await fx.stores.spend.release('sweep', after);
    expect(fx.stores.spend.totals(budget.id, 0).reserved).toBe('0');

    // No key material anywhere in Redis: names, hash fields, values, members.
    expect(await redisDump()).not.toContain('canary');
  }, 180_000); // starting four node + tsx workers on two busy cores took 18–32 s at load average 9
});

/** Every key name and value in the test Redis, as one string. */
async function redisDump(): Promise<string> {
  const client = new Redis(fx.redis.url);
  try {
    const parts: string[] = [];
    for (const key of await client.keys('*')) {
      const type = await client.type(key);
      parts.push(key);
      if (type === 'string') parts.push((await client.get(key)) ?? '');
      else if (type === 'hash') parts.push(JSON.stringify(await client.hgetall(key)));
      else if (type === 'set') parts.push(...(await client.smembers(key)));
      else if (type === 'zset') parts.push(...(await client.zrange(key, '0', '-1')));
    }
    expect(parts.length).toBeGreaterThan(10);
    return parts.join('\n');
  } finally {
    client.disconnect();
  }
}
