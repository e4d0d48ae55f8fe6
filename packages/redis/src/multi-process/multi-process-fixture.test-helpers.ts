import { type FakeProvider, startFakeProvider } from '@apikeyrouter/testkit';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, expect } from 'vitest';
import { createRedisStores, type RedisStores } from '../create-redis-stores.js';
import { type RedisServerHandle, startRedisServer } from '../testing/start-redis-server.js';
import type { WorkerLine } from './spawn-workers.test-helpers.js';

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
}

/**
 * Starts (before the file's tests) a redis-server, a simulated OpenAI upstream whose four keys enforce the
 * limits the routers declare, and stores on `prefix`; stops them after.
 *
 * @example
 * const fx = useMultiProcessFixture('multi');
 * it('…', async () => startWorker({ redisUrl: fx.redis.url, upstreamUrl: fx.upstream.url, keys: fx.keys, … }));
 */
export function useMultiProcessFixture(prefix: string): MultiProcessFixture {
  const keys = Array.from({ length: 4 }, (_, i) => ({
    material: `sk-${prefix}-${i}-canary`,
    rpm: 40,
    tpm: 20_000,
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
  return {
    keys,
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
