import { ApiKeyRouter, RouterError, SystemClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';
import { Decimal } from 'decimal.js';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStores, type RedisStores } from '../create-redis-stores.js';
import { type RedisClusterHandle, startRedisCluster } from '../testing/start-redis-cluster.js';

const MATERIAL = 'sk-cluster-canary';
const RPM = 5;
const intent = { model: 'fake-model', messages: [{ role: 'user' as const, content: 'hi' }] };
let cluster: RedisClusterHandle;
const open: RedisStores[] = [];
const clients: Cluster[] = [];

// Forming a cluster may take up to its own ready timeout (30 s) on a busy machine: longer than a default hook.
beforeAll(async () => {
  cluster = await startRedisCluster(3);
}, 40_000);
afterAll(async () => {
  await Promise.all(open.map((stores) => stores.close()));
  for (const client of clients) client.disconnect();
  await cluster?.stop();
});

/** A router on the cluster: one made by the stores from `cluster.nodes`, one on a Cluster client passed in. */
async function router(own: boolean): Promise<{ router: ApiKeyRouter; keyId: string }> {
  let stores: RedisStores;
  if (own) {
    stores = await createRedisStores({ cluster: { nodes: cluster.nodes }, prefix: 'smoke' });
  } else {
    const client = new Cluster([...cluster.nodes]);
    clients.push(client);
    stores = await createRedisStores({ client, prefix: 'smoke' });
  }
  open.push(stores);
  const instance = new ApiKeyRouter({ stores, defaults: { deadlineMs: 1_000, maxAttempts: 1 } });
  await instance.registerProvider(
    'fake',
    new FakeAdapter({ clock: new SystemClock(), keys: { [MATERIAL]: {} } }),
  );
  instance.costController.setModelPrice('fake-model', { inputPerMillion: '1000', outputPerMillion: '3000' });
  const key = await instance.registerKey(MATERIAL, 'fake', { limits: { rpm: RPM } });
  return { router: instance, keyId: key.id };
}

describe('two routers on a 3-master Redis Cluster', () => {
  it('share one rpm limit and one hard budget exactly, and see each other’s key state changes', async () => {
    const a = await router(true);
    const b = await router(false);
    expect(a.keyId).toBe(b.keyId);
    const budget = await a.router.costController.createBudget({
      scope: 'global',
      limit: '100',
      period: 'day',
      enforcementMode: 'hard',
    });
    // Budget definitions reach other replicas over pub/sub: B routes only once it knows the budget.
    while (!b.router.costController.listBudgets().some((known) => known.id === budget.id))
      await new Promise((resolve) => setImmediate(resolve));

    // Twelve requests from both routers at once against one key of rpm 5: exactly five reach the provider.
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).router.route(intent).then(
          (response) => ({ ok: true as const, cost: response.cost.amount }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
      ),
    );
    const served = outcomes.filter((outcome) => outcome.ok);
    expect(served).toHaveLength(RPM);
    for (const outcome of outcomes) {
      if (!outcome.ok) {
        expect(RouterError.isInstance(outcome.error)).toBe(true);
        expect(JSON.stringify(outcome.error)).not.toContain('canary');
      }
    }
    const total = served.reduce((sum, outcome) => sum.plus(outcome.cost), new Decimal(0));
    expect(total.greaterThan(0)).toBe(true);
    // Both routers' commits landed on the spend slot's master: the hourly series holds their exact sum, and
    // A's local view of the budget converges on it through the other router's published commits.
    const now = Date.now();
    const series = await a.router.costController.getSpend({
      scope: 'global',
      from: now - 3_600_000,
      to: now + 1,
    });
    expect(series.total.toFixed()).toBe(total.toFixed());
    expect(series.requests).toBe(RPM);
    while (!(await a.router.costController.getBudgetStatus(budget.id)).spent.equals(total))
      await new Promise((resolve) => setImmediate(resolve));

    // A disable by A reaches B over cluster pub/sub (PUBLISH inside the script, any node's subscriber).
    await a.router.disableKey(a.keyId, 'rotated out by ops');
    while (b.router.getKey(b.keyId)?.state !== 'disabled')
      await new Promise((resolve) => setImmediate(resolve));
    expect(b.router.getKey(b.keyId)?.state).toBe('disabled');
  });
});
