import { runStoreConformance } from '@apikeyrouter/testkit';
import { afterAll, beforeAll } from 'vitest';
import { createRedisStores } from './create-redis-stores.js';
import { type RedisServerHandle, startRedisServer } from './testing/start-redis-server.js';

let server: RedisServerHandle;
let counter = 0;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});

// Every test gets a fresh prefix on one real redis-server: nothing is shared between tests.
runStoreConformance('redis', async () => {
  counter++;
  const stores = await createRedisStores({ url: server.url, prefix: `conf${counter}` });
  return { keys: stores.keys, quota: stores.quota, spend: stores.spend, dispose: () => stores.close() };
});

// The same contract with background settlement: commits and releases wait for their batch, then answer alike.
runStoreConformance('redis, background settlement', async () => {
  counter++;
  const stores = await createRedisStores({
    url: server.url,
    prefix: `confbg${counter}`,
    settlement: 'background',
  });
  return { keys: stores.keys, quota: stores.quota, spend: stores.spend, dispose: () => stores.close() };
});
