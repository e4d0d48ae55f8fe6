import { createRedisStores } from '@apikeyrouter/redis';
import { startRedisServer } from '@apikeyrouter/redis/testing';
import { Redis } from 'ioredis';

/** One row: redis-server time inside one hot-path script, per call. */
export interface ScriptCostRow {
  script: 'quota.reserve' | 'spend.reserve' | 'quota.commit' | 'spend.commit';
  /** Tenth percentile over batches of 64 calls, µs per call (the least disturbed by other processes). */
  p10Us: number;
  /** Median over the batches, µs per call. */
  medianUs: number;
}

const BATCH = 64;
const KEYS = 10;
const BUDGET = 'budget_bench';

/** Script execution time so far (`INFO commandstats`, EVALSHA usec: time inside scripts, not network). */
async function scriptUsec(admin: Redis): Promise<number> {
  const stats = (await admin.info('commandstats')) as string;
  return Number(/cmdstat_evalsha:calls=\d+,usec=(\d+)/.exec(stats)?.[1] ?? 0);
}

/**
 * Where redis-server time goes, script by script: the stores' four hot-path calls in batches of 64 (one router
 * request's worth each: 10 keys with rpm and tpm limits, one global hard budget and four spend series), with a
 * second of server time between batches so every key has a full minute window. Each batch's EVALSHA time from
 * `INFO commandstats` is divided by its calls.
 *
 * @example
 * const rows = await runScriptCost();
 */
export async function runScriptCost(batches = 120): Promise<ScriptCostRow[]> {
  const redis = await startRedisServer();
  const admin = new Redis(redis.url);
  const stores = await createRedisStores({ url: redis.url, prefix: 'cost' });
  try {
    const start = Date.now();
    const day = Math.floor(start / 86_400_000) * 86_400_000;
    await stores.spend.putBudget({
      id: BUDGET,
      scope: 'global',
      limit: '1000000',
      period: 'day',
      enforcementMode: 'hard',
      createdAt: start,
    });
    const line = { budgetId: BUDGET, countFrom: day, bucketStart: day };
    const samples = new Map<ScriptCostRow['script'], number[]>();
    const measure = async (script: ScriptCostRow['script'], calls: Array<() => Promise<unknown>>) => {
      const before = await scriptUsec(admin);
      await Promise.all(calls.map((call) => call()));
      const list = samples.get(script) ?? [];
      list.push(((await scriptUsec(admin)) - before) / calls.length);
      samples.set(script, list);
    };
    let id = 0;
    for (let b = 0; b < batches; b++) {
      const now = start + b * 1_000;
      const batch = Array.from({ length: BATCH }, () => id++);
      const keyOf = (i: number) => `key-${i % KEYS}`;
      const amounts = { requests: 1, inputTokens: 17, outputTokens: 64 };
      await measure(
        'quota.reserve',
        batch.map(
          (i) => () =>
            stores.quota.reserve({
              keyId: keyOf(i),
              reservationId: `q${i}`,
              amounts,
              limits: { requests_per_minute: 1e9, tokens_per_minute: 1e9 },
              now,
              expiresAt: now + 125_000,
            }),
        ),
      );
      await measure(
        'spend.reserve',
        batch.map(
          (i) => () =>
            stores.spend.reserve({
              reservationId: `s${i}`,
              amount: '0.00004095',
              lines: [{ ...line, limit: '1000000' }],
              series: [
                { dimension: 'global', id: '*' },
                { dimension: 'provider', id: 'bench' },
                { dimension: 'key', id: keyOf(i) },
                { dimension: 'model', id: 'gpt-bench' },
              ],
              at: now,
              expiresAt: now + 125_000,
            }),
        ),
      );
      await measure(
        'quota.commit',
        batch.map(
          (i) => () => stores.quota.commit({ keyId: keyOf(i), reservationId: `q${i}`, actual: amounts, now }),
        ),
      );
      await measure(
        'spend.commit',
        batch.map(
          (i) => () =>
            stores.spend.commit({ reservationId: `s${i}`, actual: '0.0000096', lines: [line], at: now }),
        ),
      );
    }
    return [...samples].map(([script, list]) => {
      const sorted = list.sort((a, b) => a - b);
      const at = (q: number) => Math.round((sorted[Math.floor(sorted.length * q)] ?? 0) * 10) / 10;
      return { script, p10Us: at(0.1), medianUs: at(0.5) };
    });
  } finally {
    await stores.close();
    admin.disconnect();
    await redis.stop();
  }
}
