import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRedisStores } from '@apikeyrouter/redis';
import { startRedisServer } from '@apikeyrouter/redis/testing';
import { percentile, round } from '../bench-stats.js';
import { routeMany, sharedRouter } from './shared-router.js';

/** One row: route() latency and throughput on one kind of store. */
export interface SharedOverheadRow {
  stores: 'memory' | 'redis';
  processes: number;
  concurrency: number;
  p50Us: number;
  p99Us: number;
  requestsPerSecond: number;
}

const WORKER = fileURLToPath(new URL('./overhead-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function inProcess(kind: 'memory' | 'redis', url: string, concurrency: number, count: number) {
  const stores =
    kind === 'redis' ? await createRedisStores({ url, prefix: `bench-${concurrency}` }) : undefined;
  const router = await sharedRouter(stores, true);
  await routeMany(router, Math.min(2_000, count), concurrency);
  const start = performance.now();
  const latencies = await routeMany(router, count, concurrency);
  const ms = performance.now() - start;
  await stores?.close();
  return {
    stores: kind,
    processes: 1,
    concurrency,
    p50Us: round(percentile(latencies, 50)),
    p99Us: round(percentile(latencies, 99)),
    requestsPerSecond: Math.round((latencies.length / ms) * 1000),
  } satisfies SharedOverheadRow;
}

async function fourProcesses(url: string, concurrency: number, count: number): Promise<SharedOverheadRow> {
  const children = Array.from({ length: 4 }, () =>
    spawn(process.execPath, ['--conditions=@apikeyrouter/source', '--import', 'tsx', WORKER], {
      cwd: ROOT,
      env: { ...process.env, BENCH_CONFIG: JSON.stringify({ url, prefix: 'bench-4p', count, concurrency }) },
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const lines = children.map((child) => {
    const queue: string[] = [];
    const waiters: Array<(line: string) => void> = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else queue.push(line);
    });
    return () =>
      new Promise<string>((resolve) => {
        const line = queue.shift();
        if (line !== undefined) resolve(line);
        else waiters.push(resolve);
      });
  });
  await Promise.all(lines.map((next) => next()));
  const start = performance.now();
  for (const child of children) child.stdin.write('go\n');
  const results = (await Promise.all(lines.map((next) => next()))).map(
    (line) => JSON.parse(line) as { requests: number; ms: number },
  );
  const ms = performance.now() - start;
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  return {
    stores: 'redis',
    processes: 4,
    concurrency,
    p50Us: Number.NaN,
    p99Us: Number.NaN,
    requestsPerSecond: Math.round((requests / ms) * 1000),
  };
}

/**
 * `route()` with Redis stores against memory stores on loopback: latency at concurrency 1 and 64 in one
 * process, and aggregate throughput of 4 processes sharing one Redis. Instant in-process adapter, 10 keys
 * with declared limits and a global hard budget, so every request reserves and settles quota and spend.
 *
 * @example
 * const rows = await runSharedOverhead();
 */
export async function runSharedOverhead(quick = false): Promise<SharedOverheadRow[]> {
  const redis = await startRedisServer();
  const count = quick ? 3_000 : 10_000;
  try {
    const rows: SharedOverheadRow[] = [];
    for (const concurrency of [1, 64]) {
      rows.push(await inProcess('memory', redis.url, concurrency, count));
      rows.push(await inProcess('redis', redis.url, concurrency, count));
    }
    rows.push(await fourProcesses(redis.url, 64, count));
    return rows;
  } finally {
    await redis.stop();
  }
}
