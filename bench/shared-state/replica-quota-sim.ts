import { createRedisStores, type RedisStores } from '@apikeyrouter/redis';
import { startRedisServer } from '@apikeyrouter/redis/testing';
import { seededRandom } from '../quota-sim/sim-world.js';

/** One row: requests admitted over a key's limit, per 1,000 admitted, for N replicas. */
export interface ReplicaSimRow {
  strategy: 'local counters synced every 1 s' | 'shared Redis store' | 'shared Redis store, leases';
  replicas: number;
  admitted: number;
  overLimitPerThousand: number;
}

const RPM = 600;
const WINDOW_MS = 60_000;
const SECONDS = 300;
/** Offered load: twice the key's limit, spread round-robin over the replicas. */
const ARRIVALS_PER_SECOND = (2 * RPM) / 60;
const T0 = Date.UTC(2026, 0, 1);

/** Instants of a Poisson arrival process over the simulated period (seeded: same traffic for every run). */
function arrivals(): number[] {
  const random = seededRandom(7);
  const out: number[] = [];
  let t = 0;
  while (t < SECONDS * 1000) {
    t += (-Math.log(1 - random()) / ARRIVALS_PER_SECOND) * 1000;
    out.push(T0 + Math.floor(t));
  }
  return out;
}

/** Admitted requests whose admission made the true 60 s sliding count exceed the limit. */
function overLimit(admittedAt: number[]): number {
  let over = 0;
  let head = 0;
  for (let i = 0; i < admittedAt.length; i++) {
    while ((admittedAt[head] as number) <= (admittedAt[i] as number) - WINDOW_MS) head++;
    if (i - head + 1 > RPM) over++;
  }
  return over;
}

/**
 * LiteLLM's approach: each replica counts its own requests and learns the others' counts from a sync every
 * second; between syncs it admits while `synced total + its own since the sync` is under the limit.
 */
function localCounters(replicas: number, times: number[]): number[] {
  const own: number[][] = Array.from({ length: replicas }, () => []);
  const synced = new Array<number>(replicas).fill(0);
  const sinceSync = new Array<number>(replicas).fill(0);
  let lastSync = T0;
  const admitted: number[] = [];
  const inWindow = (list: number[], now: number) => list.filter((t) => t > now - WINDOW_MS).length;
  for (const [i, now] of times.entries()) {
    if (now - lastSync >= 1_000) {
      lastSync = now - ((now - T0) % 1_000);
      const total = own.reduce((sum, list) => sum + inWindow(list, lastSync), 0);
      synced.fill(total);
      sinceSync.fill(0);
    }
    const replica = i % replicas;
    if ((synced[replica] as number) + (sinceSync[replica] as number) + 1 <= RPM) {
      (own[replica] as number[]).push(now);
      sinceSync[replica] = (sinceSync[replica] as number) + 1;
      admitted.push(now);
    }
  }
  return admitted;
}

/** The same traffic through N Redis quota stores (one per replica) sharing one Redis: reserve, then commit. */
async function sharedRedis(
  url: string,
  replicas: number,
  times: number[],
  leases: boolean,
): Promise<number[]> {
  const stores: RedisStores[] = [];
  const prefix = `sim${replicas}${leases ? 'l' : ''}`;
  for (let r = 0; r < replicas; r++) stores.push(await createRedisStores({ url, prefix, leases }));
  const admitted: number[] = [];
  const amounts = { requests: 1, inputTokens: 100, outputTokens: 100 };
  for (const [i, now] of times.entries()) {
    const quota = (stores[i % replicas] as RedisStores).quota;
    const reservationId = `r${i}`;
    const held = await quota.reserve({
      keyId: 'k',
      reservationId,
      amounts,
      limits: { requests_per_minute: RPM },
      now,
      expiresAt: now + 30_000,
    });
    if (!held.ok) continue;
    await quota.commit({ keyId: 'k', reservationId, actual: amounts, now });
    admitted.push(now);
  }
  await Promise.all(stores.map((s) => s.close()));
  return admitted;
}

/**
 * Over-limit requests per 1,000 for N replicas sharing one key (rpm 600, offered 2× the limit for 5 simulated
 * minutes): local counters synced every second against the shared Redis store, without and with leases. The
 * Redis runs replay the traffic through real `RedisQuotaStore`s on the simulated clock.
 *
 * @example
 * const rows = await runReplicaQuotaSim();
 */
export async function runReplicaQuotaSim(): Promise<ReplicaSimRow[]> {
  const times = arrivals();
  const redis = await startRedisServer();
  const rows: ReplicaSimRow[] = [];
  try {
    for (const replicas of [1, 2, 4, 8]) {
      for (const strategy of [
        'local counters synced every 1 s',
        'shared Redis store',
        'shared Redis store, leases',
      ] as const) {
        const admitted =
          strategy === 'local counters synced every 1 s'
            ? localCounters(replicas, times)
            : await sharedRedis(redis.url, replicas, times, strategy === 'shared Redis store, leases');
        rows.push({
          strategy,
          replicas,
          admitted: admitted.length,
          overLimitPerThousand: Math.round((overLimit(admitted) / admitted.length) * 10_000) / 10,
        });
      }
    }
  } finally {
    await redis.stop();
  }
  return rows;
}
