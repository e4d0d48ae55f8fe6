/**
 * Two routers ("replicas") on leases: each holds a small slice of the key's per-minute window and of the
 * budget in Redis and admits requests on it without a round trip, and the limit and the budget stay exact
 * across both. Prints how many Redis script calls the requests took (one each without leases) and checks that
 * the spend Redis recorded equals the sum of what the answers cost. Starts its own redis-server on a free
 * loopback port (or uses REDIS_URL) and a simulated OpenAI-compatible provider whose hidden limit equals the
 * declared one.
 *
 * Run from the repository root:
 *   node --conditions=@apikeyrouter/source --import tsx examples/redis/leases.ts
 */
import { ApiKeyRouter } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';
import { createRedisStores } from '@apikeyrouter/redis';
import { startRedisServer } from '@apikeyrouter/redis/testing';
import { startFakeProvider } from '@apikeyrouter/testkit';
import { Decimal } from 'decimal.js';
import { Redis } from 'ioredis';

const server = process.env.REDIS_URL ? undefined : await startRedisServer();
const url = process.env.REDIS_URL ?? (server?.url as string);
const provider = await startFakeProvider({ flavor: 'openai', keys: { 'sk-example-leased': { rpm: 600 } } });
const prefix = `example-leases-${process.pid}`;
const admin = new Redis(url);

async function replica() {
  // A lease takes at most 1/16 of a limit: 37 of the 600 requests per minute here.
  const stores = await createRedisStores({ url, prefix, settlement: 'background', leases: true });
  const router = new ApiKeyRouter({ stores });
  await router.registerProvider('openai', new OpenAIAdapter({ baseURL: `${provider.url}/v1` }));
  await router.registerKey('sk-example-leased', 'openai', { limits: { rpm: 600 } });
  return { router, stores };
}

async function scriptCalls(): Promise<number> {
  const stats = (await admin.info('commandstats')) as string;
  return Number(stats.match(/cmdstat_evalsha:calls=(\d+)/)?.[1] ?? 0);
}

const a = await replica();
const b = await replica();
await a.router.costController.createBudget({
  scope: 'global',
  limit: '5',
  period: 'day',
  enforcementMode: 'hard',
});

const before = await scriptCalls();
let cost = new Decimal(0);
// 200 requests, 8 at a time on each replica.
const lane = async (router: ApiKeyRouter, count: number) => {
  for (let i = 0; i < count; i++) {
    const res = await router.route({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hi' }],
      parameters: { maxTokens: 10 },
    });
    cost = cost.plus(res.cost.amount);
  }
};
await Promise.all([
  ...Array.from({ length: 8 }, () => lane(a.router, 12)),
  ...Array.from({ length: 8 }, () => lane(b.router, 13)),
]);
const calls = (await scriptCalls()) - before;
await a.router.settled();
await b.router.settled();
// close() settles every lease: Redis then counts exactly what the answers used.
await a.stores.close();
await b.stores.close();

const observer = await createRedisStores({ url, prefix });
const [budget] = observer.spend.listBudgets();
const recorded = budget ? observer.spend.totals(budget.id, 0).spent : '?';
const stats = Object.values(provider.stats())[0];
console.log(`200 requests took ${calls} Redis script calls while they ran (about 200 without leases)`);
console.log(`the provider saw ${stats?.requests} requests and ${stats?.rateLimited} 429s`);
console.log(`answers cost $${cost.toFixed()}; Redis recorded $${recorded}`);
if (stats?.rateLimited !== 0 || recorded !== cost.toFixed() || calls >= 100) process.exitCode = 1;

await observer.close();
admin.disconnect();
await provider.close();
await server?.stop();
