/**
 * One process of the 4-process throughput benchmark: a router on shared Redis stores routing at concurrency
 * `CONCURRENCY` against an instant adapter. Protocol on stdin/stdout, one line each: prints `ready` after its
 * warm-up; on `go` routes without pause; on `mark` starts counting (requests answered, its CPU, wall time);
 * on `stop` prints what it counted since `mark` as JSON, then stops, settles and exits. The parent sends each
 * line to every process at once, so all of them are measured over the same window, at full load, with neither
 * start-up nor the tail of processes finishing at different times in it.
 * Run with `node --conditions=@apikeyrouter/source --import tsx`.
 */
import { createInterface } from 'node:readline';
import { createRedisStores } from '@apikeyrouter/redis';
import { BENCH_INTENT, routeMany, sharedRouter } from './shared-router.js';

const { url, prefix, concurrency, settlement, leases } = JSON.parse(process.env.BENCH_CONFIG ?? '{}') as {
  url: string;
  prefix: string;
  concurrency: number;
  settlement: 'inline' | 'background';
  leases: boolean;
};
const stores = await createRedisStores({ url, prefix, replicas: 4, timeoutMs: 5_000, settlement, leases });
const router = await sharedRouter(stores, true);
// The same warm-up as the in-process rows (route-overhead-shared.ts): V8 optimises the hot path over the first
// thousands of requests, and the rows compare steady states.
await routeMany(router, 2_000, concurrency);
let answered = 0;
let stopping = false;
const lane = async (): Promise<void> => {
  while (!stopping) {
    await router.route(BENCH_INTENT, 'balanced');
    answered++;
  }
};
let lanes: Array<Promise<void>> = [];
let mark = { answered: 0, cpu: process.cpuUsage(), at: 0 };
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'go') lanes = Array.from({ length: concurrency }, lane);
  else if (line === 'mark') mark = { answered, cpu: process.cpuUsage(), at: performance.now() };
  else if (line === 'stop') {
    const used = process.cpuUsage(mark.cpu);
    const window = {
      requests: answered - mark.answered,
      ms: performance.now() - mark.at,
      cpuUs: used.user + used.system,
    };
    process.stdout.write(`${JSON.stringify(window)}\n`);
    stopping = true;
    void Promise.all(lanes)
      .then(() => router.settled())
      .then(() => stores.close())
      .then(() => process.exit(0));
  }
});
process.stdout.write('ready\n');
