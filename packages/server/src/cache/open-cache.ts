import type { Clock } from '@apikeyrouter/core';
import type { GatewayConfig } from '../config/config-schema.js';
import type { CacheStore } from './cache-store.js';
import { MemoryCacheStore } from './memory-cache-store.js';

/**
 * A cache store with the connection it owns.
 *
 * @example
 * const cache = await openCache(config, clock);
 * await cache.close();
 */
export interface OwnedCache {
  /** The store. */
  store: CacheStore;
  /** Closes what the cache opened (a Redis connection); a no-op in memory. */
  close(): Promise<void>;
}

/**
 * Opens the response cache `config.cache.store` names: an in-process LRU bounded by `cache.maxBytes`, or Redis
 * at the `redis` section's URL (connected before it resolves, so a wrong URL fails the start).
 *
 * @example
 * const cache = await openCache(config, new SystemClock());
 */
export async function openCache(config: GatewayConfig, clock: Clock): Promise<OwnedCache> {
  const { maxBytes, maxEntryBytes, maxTtlSeconds } = config.cache;
  if (config.cache.store === 'memory' || config.redis === undefined) {
    return { store: new MemoryCacheStore({ maxBytes, maxEntryBytes, clock }), close: async () => undefined };
  }
  // Loaded only when configured: a gateway with the memory cache never pays for the Redis client.
  const [{ Redis }, { RedisCacheStore }] = await Promise.all([
    import('ioredis'),
    import('./redis-cache-store.js'),
  ]);
  // Like the state stores: no offline queue and no resend, so a Redis outage turns into quick misses.
  const client = new Redis(config.redis.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: config.redis.timeoutMs,
    retryStrategy: (times) => Math.min(50 * times, 1_000),
    lazyConnect: true,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return {
    store: new RedisCacheStore({
      client,
      prefix: config.redis.prefix,
      maxEntryBytes,
      maxTtlMs: maxTtlSeconds * 1000,
      clock,
    }),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
