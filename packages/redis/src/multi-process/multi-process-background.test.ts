import { ApiKeyRouter } from '@apikeyrouter/core';
import { type FakeProvider, startFakeProvider } from '@apikeyrouter/testkit';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisStores, type RedisStores } from '../create-redis-stores.js';
import { type RedisServerHandle, startRedisServer } from '../testing/start-redis-server.js';
import { startWorker, type WorkerLine } from './spawn-workers.test-helpers.js';

const PROCESSES = 4;
const REQUESTS = 64;
const KEYS = Array.from({ length: 4 }, (_, i) => ({
  material: `sk-multibg-${i}-canary`,
  rpm: 40,
  tpm: 20_000,
}));
const BUDGET = '0.0008';

let redis: RedisServerHandle;
let upstream: FakeProvider;
let stores: RedisStores;

beforeAll(async () => {
  redis = await startRedisServer();
  upstream = await startFakeProvider({
    flavor: 'openai',
    keys: Object.fromEntries(
      KEYS.map((key, i) => [key.material, { rpm: key.rpm, tpm: key.tpm, latencyMs: 40, label: `key-${i}` }]),
    ),
  });
  stores = await createRedisStores({ url: redis.url, prefix: 'multibg' });
});

afterAll(async () => {
  await stores?.close();
  await upstream?.close();
  await redis?.stop();
});

function costs(lines: WorkerLine[]): Decimal {
  return lines.reduce((sum, line) => ('ok' in line && line.ok ? sum.plus(line.cost) : sum), new Decimal(0));
}

describe('4 router processes on one Redis, background settlement', () => {
  it('keep every key under its limit, and spend equals the sum of every answer within the budget', async () => {
    const admin = new ApiKeyRouter({ stores });
    const budget = await admin.costController.createBudget({
      scope: 'global',
      limit: BUDGET,
      period: 'day',
      enforcementMode: 'hard',
    });
    const workers = Array.from({ length: PROCESSES }, (_, i) =>
      startWorker({
        redisUrl: redis.url,
        prefix: 'multibg',
        upstreamUrl: upstream.url,
        keys: KEYS,
        requests: REQUESTS,
        concurrency: 32,
        deadlineMs: 3_000,
        replicas: PROCESSES,
        worker: `w${i}`,
        timeoutMs: 5_000,
        settlement: 'background',
      }),
    );
    await Promise.all(workers.map((worker) => worker.waitFor((line) => 'ready' in line)));
    for (const worker of workers) worker.child.stdin?.write('go\n');
    // A worker says done after router.settled(): its spend is in Redis by then.
    await Promise.all(workers.map((worker) => worker.waitFor((line) => 'done' in line)));

    for (const [label, keyStats] of Object.entries(upstream.stats())) {
      expect(keyStats.rateLimited, label).toBe(0);
      expect(keyStats.requests, label).toBeLessThanOrEqual(KEYS[0]?.rpm ?? 0);
    }
    const lines = workers.flatMap((worker) => worker.lines);
    for (const line of lines) if ('ok' in line && !line.ok) expect(line.category).not.toBe('crash');
    const served = lines.filter((line) => 'ok' in line && line.ok).length;
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThan(lines.length);

    const now = Date.now();
    let total = new Decimal(0);
    for (const [i, worker] of workers.entries()) {
      const series = await stores.spend.spendBetween(
        { dimension: 'tag', id: `worker:w${i}` },
        now - 3_600_000,
        now + 1,
      );
      expect(series.total).toBe(costs(worker.lines).toFixed());
      total = total.plus(series.total);
    }
    expect(total.lessThanOrEqualTo(BUDGET)).toBe(true);
    await vi.waitFor(
      () => expect(stores.spend.totals(budget.id, 0)).toEqual({ spent: total.toFixed(), reserved: '0' }),
      {
        timeout: 10_000,
      },
    );
  }, 60_000);
});
