/**
 * Two routers ("replicas") sharing one Redis: one key with a declared limit of 5 requests per minute and one
 * hard budget, both exact across the two. Starts its own redis-server on a free loopback port (or uses
 * REDIS_URL) and a simulated OpenAI-compatible provider whose hidden limit equals the declared one.
 *
 * Run from the repository root:
 *   node --conditions=@apikeyrouter/source --import tsx examples/redis/two-replicas.ts
 */
import { ApiKeyRouter, RouterError } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';
import { createRedisStores } from '@apikeyrouter/redis';
import { startRedisServer } from '@apikeyrouter/redis/testing';
import { startFakeProvider } from '@apikeyrouter/testkit';

const server = process.env.REDIS_URL ? undefined : await startRedisServer();
const url = process.env.REDIS_URL ?? (server?.url as string);
const provider = await startFakeProvider({ flavor: 'openai', keys: { 'sk-example-shared': { rpm: 5 } } });
const prefix = `example-${process.pid}`;

async function replica(name: string) {
  const stores = await createRedisStores({ url, prefix, replicas: 2 });
  const router = new ApiKeyRouter({ stores, defaults: { deadlineMs: 2_000 } });
  await router.registerProvider('openai', new OpenAIAdapter({ baseURL: `${provider.url}/v1` }));
  await router.registerKey('sk-example-shared', 'openai', { limits: { rpm: 5 } });
  return { name, router, stores };
}

const a = await replica('a');
const b = await replica('b');
await a.router.costController.createBudget({
  scope: 'global',
  limit: '1',
  period: 'day',
  enforcementMode: 'hard',
});

// Eight requests, alternating between the replicas: only five fit the key's shared per-minute limit.
const outcomes = await Promise.all(
  Array.from({ length: 8 }, (_, i) =>
    (i % 2 ? b : a).router
      .route({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Say hi' }],
        parameters: { maxTokens: 10 },
      })
      .then((res) => `${i % 2 ? 'b' : 'a'}: ok, $${res.cost.amount.toFixed(8)}`)
      .catch(
        (error: unknown) =>
          `${i % 2 ? 'b' : 'a'}: ${RouterError.isInstance(error) ? error.category : 'error'}`,
      ),
  ),
);
for (const outcome of outcomes) console.log(`  ${outcome}`);
const served = outcomes.filter((o) => o.includes('ok')).length;
const stats = Object.values(provider.stats())[0];
const [budget] = b.router.costController.listBudgets();
console.log(
  `served ${served} of 8; the provider saw ${stats?.requests} requests and ${stats?.rateLimited} 429s`,
);
console.log(`shared spend seen by replica b: $${budget ? b.stores.spend.totals(budget.id, 0).spent : '?'}`);
if (served !== 5 || stats?.rateLimited !== 0) process.exitCode = 1;

await a.stores.close();
await b.stores.close();
await provider.close();
await server?.stop();
