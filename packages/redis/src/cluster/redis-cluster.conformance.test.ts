import { runStoreConformance } from '@apikeyrouter/testkit';
import { afterAll, beforeAll } from 'vitest';
import { createRedisStores } from '../create-redis-stores.js';
import { type RedisClusterHandle, startRedisCluster } from '../testing/start-redis-cluster.js';

let cluster: RedisClusterHandle;
let counter = 0;

// Forming a cluster may take up to its own ready timeout (30 s) on a busy machine: longer than a default hook.
beforeAll(async () => {
  cluster = await startRedisCluster(3);
}, 40_000);
afterAll(async () => {
  await cluster?.stop();
});

// Every test gets a fresh prefix, so its key and spend slots land on different masters of the three: the
// suite runs every script against a real cluster, where a key outside its hash tag fails with CROSSSLOT.
runStoreConformance('redis cluster (3 masters)', async () => {
  counter++;
  const stores = await createRedisStores({ cluster: { nodes: cluster.nodes }, prefix: `cc${counter}` });
  return { keys: stores.keys, quota: stores.quota, spend: stores.spend, dispose: () => stores.close() };
});
