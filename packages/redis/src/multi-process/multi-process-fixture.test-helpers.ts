import { ApiKeyRouter, type Budget } from '@apikeyrouter/core';
import { type FakeProvider, startFakeProvider } from '@apikeyrouter/testkit';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, expect } from 'vitest';
import { createRedisStores, type RedisStores } from '../create-redis-stores.js';
import { type RedisServerHandle, startRedisServer } from '../testing/start-redis-server.js';
import { startWorker, type Worker, type WorkerLine } from './spawn-workers.test-helpers.js';

/** Requests each worker sends, and their deadline in ms. */
export const WORKER_REQUESTS = 64;
export const WORKER_DEADLINE_MS = 3_000;

/** One upstream key of the multi-process tests: material (with a canary) and its hidden = declared limits. */
export interface MultiProcessKey {
  material: string;
  rpm: number;
  tpm: number;
}

/** What the multi-process tests share: a real redis-server, a loopback upstream and this process's stores. */
export interface MultiProcessFixture {
  readonly keys: MultiProcessKey[];
  readonly redis: RedisServerHandle;
  readonly upstream: FakeProvider;
  readonly stores: RedisStores;
  /** Creates the global hard daily budget the workers share (they find it in Redis). */
  globalBudget(limit: string): Promise<Budget>;
  /**
   * Starts `count` router processes (`w0`, `w1`, …) on the fixture with 64 requests each, 32 at once and a
   * 3 s deadline; `extra(i)` adds or overrides settings per worker. Resolves once every one is ready and
   * told to go.
   */
  startWorkers(count: number, extra: (i: number) => Record<string, unknown>): Promise<Worker[]>;
}

/**
 * Starts (before the file's tests) a redis-server, a simulated OpenAI upstream whose four keys enforce the
 * limits the routers declare (`limits`, default 40 rpm and 20,000 tpm per key), and stores on `prefix`; stops
 * them after.
 *
 * @example
 * const fx = useMultiProcessFixture('multi');
 * it('…', async () => startWorker({ redisUrl: fx.redis.url, upstreamUrl: fx.upstream.url, keys: fx.keys, … }));
 */
export function useMultiProcessFixture(
  prefix: string,
  limits: { rpm: number; tpm: number } = { rpm: 40, tpm: 20_000 },
): MultiProcessFixture {
  const keys = Array.from({ length: 4 }, (_, i) => ({
    material: `sk-${prefix}-${i}-canary`,
    ...limits,
  }));
  let redis: RedisServerHandle | undefined;
  let upstream: FakeProvider | undefined;
  let stores: RedisStores | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
    upstream = await startFakeProvider({
      flavor: 'openai',
      keys: Object.fromEntries(
        keys.map((key, i) => [
          key.material,
          { rpm: key.rpm, tpm: key.tpm, latencyMs: 40, label: `key-${i}` },
        ]),
      ),
    });
    stores = await createRedisStores({ url: redis.url, prefix });
  });
  afterAll(async () => {
    await stores?.close();
    await upstream?.close();
    await redis?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('the multi-process fixture is not started (use it inside a test)');
    return value;
  };
  const fixture: MultiProcessFixture = {
    keys,
    async globalBudget(limit) {
      const admin = new ApiKeyRouter({ stores: fixture.stores });
      return admin.costController.createBudget({
        scope: 'global',
        limit,
        period: 'day',
        enforcementMode: 'hard',
      });
    },
    async startWorkers(count, extra) {
      const workers = Array.from({ length: count }, (_, i) =>
        startWorker({
          redisUrl: fixture.redis.url,
          prefix,
          upstreamUrl: fixture.upstream.url,
          keys,
          requests: WORKER_REQUESTS,
          concurrency: 32,
          deadlineMs: WORKER_DEADLINE_MS,
          replicas: count,
          worker: `w${i}`,
          ...extra(i),
        }),
      );
      await Promise.all(workers.map((worker) => worker.waitFor((line) => 'ready' in line)));
      for (const worker of workers) worker.child.stdin?.write('go\n');
      return workers;
    },
    get redis() {
      return started(redis);
    },
    get upstream() {
      return started(upstream);
    },
    get stores() {
      return started(stores);
    },
  };
  return fixture;
}

/**
 * The sum of the costs of the answered requests among a worker's lines.
 *
 * @example
 * expect(series.total).toBe(answeredCost(worker.lines).toFixed());
 */
export function answeredCost(lines: WorkerLine[]): Decimal {
  return lines.reduce((sum, line) => ('ok' in line && line.ok ? sum.plus(line.cost) : sum), new Decimal(0));
}

/**
 * Asserts the upstream refused nothing and no key saw more requests than its limit allows.
 *
 * @example
 * expectNoKeyOverLimit(fx);
 */
export function expectNoKeyOverLimit(fx: MultiProcessFixture): void {
  for (const [label, keyStats] of Object.entries(fx.upstream.stats())) {
    expect(keyStats.rateLimited, label).toBe(0);
    expect(keyStats.requests, label).toBeLessThanOrEqual(fx.keys[0]?.rpm ?? 0);
  }
}

/**
 * Asserts every finished request was answered or refused with a category (never a crash), and that both
 * happened: some requests were served, others refused by a limit or the budget.
 *
 * @example
 * expectServedAndRefused(workers.flatMap((worker) => worker.lines));
 */
export function expectServedAndRefused(lines: WorkerLine[]): void {
  for (const line of lines) if ('ok' in line && !line.ok) expect(line.category).not.toBe('crash');
  const served = lines.filter((line) => 'ok' in line && line.ok).length;
  expect(served).toBeGreaterThan(0);
  expect(served).toBeLessThan(lines.length);
}

/**
 * Each worker's spend series (tag `worker:wN`) over the last hour, as Redis records it, in worker order.
 *
 * @example
 * const [first] = await workerSpend(fx, workers.length);
 */
export async function workerSpend(fx: MultiProcessFixture, count: number): Promise<Decimal[]> {
  const now = Date.now();
  const totals: Decimal[] = [];
  for (let i = 0; i < count; i++) {
    const series = await fx.stores.spend.spendBetween(
      { dimension: 'tag', id: `worker:w${i}` },
      now - 3_600_000,
      now + 1,
    );
    totals.push(new Decimal(series.total));
  }
  return totals;
}

/**
 * Kills the first worker (started `endless`) with SIGKILL once it has answered, while it has requests in
 * flight, then waits for the others to finish.
 *
 * @example
 * const { victim, killedAt, survivors } = await killFirstMidRun(workers);
 */
export async function killFirstMidRun(
  workers: Worker[],
): Promise<{ victim: Worker; killedAt: number; survivors: Worker[] }> {
  const victim = workers[0] as Worker;
  await victim.waitFor((line) => 'ok' in line);
  const killedAt = Date.now();
  victim.child.kill('SIGKILL');
  expect(await victim.exited).toBe('SIGKILL');
  const survivors = workers.slice(1);
  await Promise.all(survivors.map((worker) => worker.waitFor((line) => 'done' in line)));
  return { victim, killedAt, survivors };
}
