import {
  type Clock,
  type KeyStore,
  MemoryKeyStore,
  MemoryQuotaStore,
  MemorySpendStore,
  type QuotaStore,
  type SpendStore,
} from '@apikeyrouter/core';
import type { GatewayConfig } from '../config/config-schema.js';
import { WatchableKeyStore } from './watchable-key-store.js';

/** Which backing the state lives on: `memory` (this process) or `redis` (shared by replicas). */
export type GatewayStateKind = GatewayConfig['state']['store'];

/**
 * The router state a gateway keeps for its whole life: one set of key, quota and spend stores that every
 * router built from a (re)loaded config runs on. Key states, quota windows and holds, learned limits, budgets
 * and their spend therefore survive reloads; on Redis they are also shared by replicas and survive restarts.
 *
 * @example
 * const state = await openGatewayState(config, clock);
 * const router = new ApiKeyRouter({ clock, stores: { ...state.stores, keys: new RuntimeKeyStore(state.stores.keys) } });
 * await state.close();
 */
export interface GatewayState {
  /** The backing, as configured at start (a reload cannot change it). */
  readonly kind: GatewayStateKind;
  /** The shared stores; `keys` announces every write through `watch`. */
  readonly stores: { keys: KeyStore; quota: QuotaStore; spend: SpendStore };
  /** Closes connections the state opened (a no-op in memory). */
  close(): Promise<void>;
}

/**
 * Opens the state `config.state` asks for: new in-memory stores, or stores on the `redis` section's server
 * (connecting before it resolves, so a wrong URL fails the start, not the first request).
 *
 * @example
 * const state = await openGatewayState(config, new SystemClock());
 */
export async function openGatewayState(config: GatewayConfig, clock: Clock): Promise<GatewayState> {
  if (config.state.store === 'memory' || config.redis === undefined) {
    return {
      kind: 'memory',
      stores: {
        keys: new WatchableKeyStore(new MemoryKeyStore()),
        quota: new MemoryQuotaStore(),
        spend: new MemorySpendStore(),
      },
      close: async () => undefined,
    };
  }
  // Loaded only when configured: a gateway on memory state never pays for the Redis client.
  const { createRedisStores } = await import('@apikeyrouter/redis');
  const redis = await createRedisStores({
    url: config.redis.url,
    prefix: config.redis.prefix,
    replicas: config.redis.replicas,
    timeoutMs: config.redis.timeoutMs,
    clock,
  });
  return {
    kind: 'redis',
    stores: { keys: redis.keys, quota: redis.quota, spend: redis.spend },
    close: () => redis.close(),
  };
}
