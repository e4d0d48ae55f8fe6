/**
 * One router process of the multi-process test and benchmark: a router on shared Redis stores sending
 * `REQUESTS` requests (or, with `endless`, until it is killed), `CONCURRENCY` at a time, to a loopback OpenAI-compatible upstream. Prints one JSON line
 * per finished request (`{"ok":true,"cost":"…"}` or `{"ok":false,"category":"…"}`) and `{"done":true}` at the end.
 *
 * Run as `node --conditions=@apikeyrouter/source --import tsx router-worker.ts` with the environment below.
 */
import { ApiKeyRouter, RouterError } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';
import { createRedisStores } from '../create-redis-stores.js';
import type { LeaseOptions } from '../lease/lease-options.js';

interface WorkerConfig {
  redisUrl: string;
  prefix: string;
  upstreamUrl: string;
  keys: Array<{ material: string; rpm: number; tpm: number }>;
  requests: number;
  concurrency: number;
  deadlineMs: number;
  replicas: number;
  worker: string;
  timeoutMs: number;
  /** Keep sending until killed (the test's SIGKILL victim: it must still have requests in flight then). */
  endless?: boolean;
  /** The stores' settlement mode. Default inline. */
  settlement?: 'inline' | 'background';
  /** The stores' leases. Default none. */
  leases?: boolean | LeaseOptions;
}

const config = JSON.parse(process.env.WORKER_CONFIG ?? '{}') as WorkerConfig;
const stores = await createRedisStores({
  url: config.redisUrl,
  prefix: config.prefix,
  replicas: config.replicas,
  timeoutMs: config.timeoutMs,
  settlement: config.settlement ?? 'inline',
  leases: config.leases ?? false,
});
const router = new ApiKeyRouter({ stores, defaults: { deadlineMs: config.deadlineMs, maxAttempts: 3 } });
await router.registerProvider('openai', new OpenAIAdapter({ baseURL: `${config.upstreamUrl}/v1` }));
for (const key of config.keys) {
  await router.registerKey(key.material, 'openai', { limits: { rpm: key.rpm, tpm: key.tpm } });
}
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
// The parent starts every worker at once, so the processes really compete.
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

let next = 0;
async function lane(): Promise<void> {
  while (config.endless === true || next < config.requests) {
    next++;
    try {
      const res = await router.route(
        {
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'Say hi' }],
          parameters: { maxTokens: 20 },
          tags: { worker: config.worker },
        },
        'fairness',
      );
      process.stdout.write(`${JSON.stringify({ ok: true, cost: res.cost.amount.toFixed() })}\n`);
    } catch (error) {
      const category = RouterError.isInstance(error) ? error.category : 'crash';
      process.stdout.write(`${JSON.stringify({ ok: false, category })}\n`);
    }
  }
}
await Promise.all(Array.from({ length: config.concurrency }, lane));
// Every answer's spend is in Redis before the parent hears `done`: settled, leases settled, batches sent.
await router.settled();
await stores.close();
process.stdout.write(`${JSON.stringify({ done: true })}\n`);
process.exit(0);
