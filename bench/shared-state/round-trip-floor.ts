import { startRedisServer } from '@apikeyrouter/redis/testing';
import { Redis } from 'ioredis';
import { percentile, round } from '../bench-stats.js';

/** One row: a trivial script's round trip at concurrency 1, with `gapUs` of busy work between calls. */
export interface RoundTripFloorRow {
  /** Busy work between calls, µs (0: back to back). */
  gapUs: number;
  p50Us: number;
  p99Us: number;
}

/** Keeps the CPU busy for `us` microseconds, as a router does between its calls to Redis. */
function spin(us: number): void {
  const end = performance.now() + us / 1000;
  while (performance.now() < end) {
    // busy on purpose: an idle process would let this machine park its CPU
  }
}

/**
 * The floor under "added p50": one `EVALSHA` of a script that does a single `INCR`, at concurrency 1, through
 * ioredis on loopback — back to back, and with 300 µs of busy work between calls (about what a router spends
 * on a request between its Redis calls). Any shared-state design that reserves on Redis pays this round trip.
 *
 * @example
 * const rows = await runRoundTripFloor(3_000);
 */
export async function runRoundTripFloor(calls = 3_000): Promise<RoundTripFloorRow[]> {
  const redis = await startRedisServer();
  const client = new Redis(redis.url);
  try {
    const sha = (await client.script('LOAD', "return redis.call('INCR', KEYS[1])")) as string;
    const rows: RoundTripFloorRow[] = [];
    for (const gapUs of [0, 300]) {
      for (let i = 0; i < 300; i++) await client.evalsha(sha, 1, 'floor');
      const latencies: number[] = [];
      for (let i = 0; i < calls; i++) {
        spin(gapUs);
        const start = performance.now();
        await client.evalsha(sha, 1, 'floor');
        latencies.push((performance.now() - start) * 1000);
      }
      rows.push({ gapUs, p50Us: round(percentile(latencies, 50)), p99Us: round(percentile(latencies, 99)) });
    }
    return rows;
  } finally {
    client.disconnect();
    await redis.stop();
  }
}
