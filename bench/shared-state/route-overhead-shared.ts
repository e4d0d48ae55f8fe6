import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRedisStores } from '@apikeyrouter/redis';
import { startRedisServer } from '@apikeyrouter/redis/testing';
import { Redis } from 'ioredis';
import { percentile, round } from '../bench-stats.js';
import { routeMany, sharedRouter } from './shared-router.js';

/** The stores a row measures. */
export type StoresKind = 'memory' | 'redis' | 'redis (background)' | 'redis (leases)';

/** How each Redis kind of store is set up: `redis (leases)` settles in the background and admits on leases. */
function storesSetup(kind: Exclude<StoresKind, 'memory'>): {
  settlement: 'inline' | 'background';
  leases: boolean;
} {
  return { settlement: kind === 'redis' ? 'inline' : 'background', leases: kind === 'redis (leases)' };
}

/** One row: route() latency and throughput on one kind of store. */
export interface SharedOverheadRow {
  /**
   * `redis (background)`: Redis stores with `settlement: 'background'` (settled after the answer, in batches);
   * `redis (leases)`: the same with `leases: true` (most requests admitted on a lease, without a round trip).
   */
  stores: StoresKind;
  processes: number;
  /**
   * Scheduling priority (nice) the router processes ran at, redis-server staying at 0: 10 favours redis-server
   * when it shares the cores with the routers. Absent: 0.
   */
  routerNice?: number;
  concurrency: number;
  p50Us: number;
  p99Us: number;
  requestsPerSecond: number;
  /** CPU (user + system) of the router process(es) per routed request, µs. */
  cpuUsPerRequest: number;
  /** CPU of redis-server per routed request, µs (0 for memory stores). */
  redisCpuUsPerRequest: number;
  /** Script calls (EVALSHA) per routed request (0 for memory stores). */
  scriptsPerRequest: number;
}

/** redis-server's CPU time (µs) and EVALSHA calls so far. */
async function redisCounters(admin: Redis): Promise<{ cpuUs: number; scripts: number }> {
  const cpu = (await admin.info('cpu')) as string;
  const stats = (await admin.info('commandstats')) as string;
  const seconds = (name: string) => Number(cpu.match(new RegExp(`${name}:([\\d.]+)`))?.[1] ?? 0);
  const scripts = Number(stats.match(/cmdstat_evalsha:calls=(\d+)/)?.[1] ?? 0);
  return { cpuUs: (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6, scripts };
}

function perRequest(before: { cpuUs: number; scripts: number }, after: typeof before, requests: number) {
  return {
    redisCpuUsPerRequest: Math.round((after.cpuUs - before.cpuUs) / requests),
    scriptsPerRequest: Math.round(((after.scripts - before.scripts) / requests) * 100) / 100,
  };
}

const WORKER = fileURLToPath(new URL('./overhead-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Rounds each in-process row is measured in, interleaved with the other rows' (see {@link inProcess}). */
const ROUNDS = 5;

/**
 * The four in-process rows at one concurrency, measured in interleaved rounds (memory, Redis, Redis with
 * background settlement, Redis on leases, then again): on this shared machine the speed of a minute drifts, and the rows
 * compare like with like only when each row's requests are spread over the same minutes. Latency percentiles
 * pool every round's requests; CPU and throughput sum them.
 */
async function inProcess(
  url: string,
  concurrency: number,
  count: number,
  admin: Redis,
): Promise<SharedOverheadRow[]> {
  const kinds = ['memory', 'redis', 'redis (background)', 'redis (leases)'] as const;
  const rows = await Promise.all(
    kinds.map(async (kind) => {
      const stores =
        kind === 'memory'
          ? undefined
          : await createRedisStores({ url, prefix: `bench-${concurrency}-${kind}`, ...storesSetup(kind) });
      const router = await sharedRouter(stores, true);
      return { kind, stores, router, latencies: [] as number[], cpuUs: 0, ms: 0, redisCpuUs: 0, scripts: 0 };
    }),
  );
  for (const row of rows) {
    await routeMany(row.router, Math.min(2_000, count), concurrency);
    await row.router.settled();
  }
  const perRound = Math.ceil(count / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    for (const row of rows) {
      const counters = await redisCounters(admin);
      const cpu = process.cpuUsage();
      const start = performance.now();
      row.latencies.push(...(await routeMany(row.router, perRound, concurrency)));
      await row.router.settled(); // throughput and CPU include every settlement
      row.ms += performance.now() - start;
      const used = process.cpuUsage(cpu);
      row.cpuUs += used.user + used.system;
      const after = await redisCounters(admin);
      row.redisCpuUs += after.cpuUs - counters.cpuUs;
      row.scripts += after.scripts - counters.scripts;
    }
  }
  for (const row of rows) await row.stores?.close();
  return rows.map(({ kind, latencies, cpuUs, ms, redisCpuUs, scripts }) => ({
    stores: kind,
    processes: 1,
    concurrency,
    p50Us: round(percentile(latencies, 50)),
    p99Us: round(percentile(latencies, 99)),
    requestsPerSecond: Math.round((latencies.length / ms) * 1000),
    cpuUsPerRequest: Math.round(cpuUs / latencies.length),
    ...(kind === 'memory'
      ? { redisCpuUsPerRequest: 0, scriptsPerRequest: 0 }
      : perRequest({ cpuUs: 0, scripts: 0 }, { cpuUs: redisCpuUs, scripts }, latencies.length)),
  }));
}

/** Time every process runs at full load before the window opens (connections warm, all lanes busy). */
const RAMP_MS = 1_000;

async function fourProcesses(
  kind: Exclude<StoresKind, 'memory'>,
  url: string,
  concurrency: number,
  windowMs: number,
  admin: Redis,
  routerNice: number,
): Promise<SharedOverheadRow> {
  const children = Array.from({ length: 4 }, () =>
    spawn(process.execPath, ['--conditions=@apikeyrouter/source', '--import', 'tsx', WORKER], {
      cwd: ROOT,
      env: {
        ...process.env,
        BENCH_CONFIG: JSON.stringify({
          url,
          prefix: `bench-4p-${kind}-${routerNice}`,
          concurrency,
          ...storesSetup(kind),
        }),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  // Lowering a child's priority needs no privilege (raising redis-server's would).
  for (const child of children)
    if (routerNice !== 0 && child.pid !== undefined) setPriority(child.pid, routerNice);
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
  const tell = (line: string) => {
    for (const child of children) child.stdin.write(`${line}\n`);
  };
  const exited = children.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  await Promise.all(lines.map((next) => next()));
  // All four route from 'go'; only the window between 'mark' and 'stop' counts, the same for every process
  // (a fixed request count per process let the first to finish leave the others a less loaded machine, and
  // measured to the last one's end: start-up and straggler tails in the aggregate).
  tell('go');
  await new Promise((resolve) => setTimeout(resolve, RAMP_MS));
  const counters = await redisCounters(admin);
  tell('mark');
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  tell('stop');
  const results = (await Promise.all(lines.map((next) => next()))).map(
    (line) => JSON.parse(line) as { requests: number; ms: number; cpuUs: number },
  );
  const redisUse = perRequest(
    counters,
    await redisCounters(admin),
    results.reduce((sum, r) => sum + r.requests, 0),
  );
  await Promise.all(exited);
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  return {
    stores: kind,
    processes: 4,
    ...(routerNice === 0 ? {} : { routerNice }),
    concurrency,
    p50Us: Number.NaN,
    p99Us: Number.NaN,
    requestsPerSecond: Math.round(results.reduce((sum, r) => sum + (r.requests / r.ms) * 1000, 0)),
    cpuUsPerRequest: Math.round(results.reduce((sum, r) => sum + r.cpuUs, 0) / requests),
    ...redisUse,
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
  const admin = new Redis(redis.url);
  try {
    const rows: SharedOverheadRow[] = [];
    for (const concurrency of [1, 64]) rows.push(...(await inProcess(redis.url, concurrency, count, admin)));
    // The 4-process rows measure a fixed window of time (all four at full load), not a request count.
    const windowMs = quick ? 3_000 : 8_000;
    // Each settlement twice: default scheduling, then redis-server favoured (routers at nice 10). With four
    // busy routers on two cores the kernel shares CPU time evenly, and a redis-server waiting for a core holds
    // up every router's next step; an operator running them on shared cores would favour it.
    for (const kind of ['redis', 'redis (background)', 'redis (leases)'] as const) {
      for (const routerNice of [0, 10])
        rows.push(await fourProcesses(kind, redis.url, 64, windowMs, admin, routerNice));
    }
    return rows;
  } finally {
    admin.disconnect();
    await redis.stop();
  }
}
