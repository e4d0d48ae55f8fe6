/**
 * One process of the 4-process throughput benchmark: a router on shared Redis stores routing `COUNT` requests
 * at concurrency `CONCURRENCY` against an instant adapter once the parent says go; prints its latencies' count
 * and its own wall time. Run with `node --conditions=@apikeyrouter/source --import tsx`.
 */
import { createRedisStores } from '@apikeyrouter/redis';
import { routeMany, sharedRouter } from './shared-router.js';

const { url, prefix, count, concurrency, settlement } = JSON.parse(process.env.BENCH_CONFIG ?? '{}') as {
  url: string;
  prefix: string;
  count: number;
  concurrency: number;
  settlement: 'inline' | 'background';
};
const stores = await createRedisStores({ url, prefix, replicas: 4, timeoutMs: 5_000, settlement });
const router = await sharedRouter(stores, true);
// The same warm-up as the in-process rows (route-overhead-shared.ts): V8 optimises the hot path over the first
// thousands of requests, and the rows compare steady states.
await routeMany(router, Math.min(2_000, count), concurrency);
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const cpu = process.cpuUsage();
const start = performance.now();
const latencies = await routeMany(router, count, concurrency);
await router.settled();
const ms = performance.now() - start;
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, ms, cpuUs: used.user + used.system })}\n`,
);
await stores.close();
process.exit(0);
