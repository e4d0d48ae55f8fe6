import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createRedisStores, type RedisStores, type RedisStoresOptions } from '../create-redis-stores.js';
import { type RedisServerHandle, startRedisServer } from './start-redis-server.js';

let counter = 0;

/**
 * One real redis-server per test file, and stores on fresh prefixes (so tests never see each other's data).
 *
 * @example
 * const redis = useRedisServer();
 * const stores = await redis.stores();
 */
export function useRedisServer(): {
  server(): RedisServerHandle;
  stores(options?: RedisStoresOptions): Promise<RedisStores>;
} {
  let server: RedisServerHandle | undefined;
  const open: RedisStores[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(open.map((stores) => stores.close()));
    await server?.stop();
  });
  return {
    server: () => {
      if (server === undefined) throw new Error('redis-server not started');
      return server;
    },
    stores: async (options = {}) => {
      if (server === undefined) throw new Error('redis-server not started');
      counter++;
      const stores = await createRedisStores({
        url: server.url,
        prefix: `t${process.pid}x${counter}`,
        ...options,
      });
      open.push(stores);
      return stores;
    },
  };
}

/**
 * Ids of the pub/sub connections open now (to cut a subscriber with `CLIENT KILL ID`).
 *
 * @example
 * const [id] = await subscriberIds(admin);
 */
export async function subscriberIds(admin: Redis): Promise<string[]> {
  const list = (await admin.client('LIST')) as string;
  return list
    .split('\n')
    .filter((line) => / flags=P /.test(line))
    .map((line) => line.match(/^id=(\d+)/)?.[1] ?? '');
}
