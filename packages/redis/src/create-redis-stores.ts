import { type Clock, type KeyStore, SystemClock } from '@apikeyrouter/core';
import type { RedisClusterOptions } from './connection/cluster-client.js';
import { type RedisClient, RedisConnection } from './connection/redis-connection.js';
import { RedisKeyStore } from './keys/redis-key-store.js';
import { type LeaseOptions, leaseSettings } from './lease/lease-options.js';
import { type AvailabilityEvent, AvailabilityEvents } from './policy/availability-events.js';
import { DegradingQuotaStore, type UnavailablePolicy } from './quota/degrading-quota-store.js';
import { RedisQuotaStore } from './quota/redis-quota-store.js';
import { HOT_PATH } from './scripts/hot-path-lua.js';
import { DegradingSpendStore } from './spend/degrading-spend-store.js';
import { RedisSpendStore } from './spend/redis-spend-store.js';

/** How long background settlements wait to leave together: a batch every 5 ms at most. */
const SETTLE_DELAY_MS = 5;

/**
 * Options of {@link createRedisStores}.
 *
 * @example
 * const options: RedisStoresOptions = { url: 'redis://127.0.0.1:6379', prefix: 'prod', replicas: 4 };
 */
export interface RedisStoresOptions {
  /** Redis URL (`redis://[:password@]host:port[/db]`); ignored when `client` is given. @example 'redis://127.0.0.1:6379' */
  url?: string;
  /** Prefix of every Redis key and channel, so several routers can share one Redis. Default `akr`. @example 'prod' */
  prefix?: string;
  /** An existing ioredis client (`Redis` or `Cluster`); the stores do not close it. */
  client?: RedisClient;
  /**
   * A Redis Cluster to connect to (when no `client` is given; wins over `url`): the stores make and own an
   * ioredis `Cluster` with the same fail-fast options as for `url`. @example { nodes: [{ host: 'redis-0', port: 6379 }] }
   */
  cluster?: RedisClusterOptions;
  /**
   * What each store does when Redis does not answer within `timeoutMs`. Default: quota `local` (per-replica
   * shares of each limit), spend `fail-closed` (requests fail fast with `store_unavailable`; `local` gives
   * each replica `1/replicas` of every budget's last-seen headroom and writes its spend to Redis once it is
   * back), keys `local` (the router keeps routing on its own key states; state writes are queued and written
   * back, and changes other replicas made meanwhile adopted, once Redis answers). A single value applies to all three. @example { quota: 'local', spend: 'fail-closed' }
   */
  onUnavailable?:
    | UnavailablePolicy
    | { quota?: UnavailablePolicy; spend?: UnavailablePolicy; keys?: UnavailablePolicy };
  /** Longest wait for one Redis call. Default 500 ms. @example 250 */
  timeoutMs?: number;
  /** Router processes sharing the Redis; each gets `1/replicas` of every limit while degraded. Default 1. @example 4 */
  replicas?: number;
  /** How long hourly spend series are kept. Default 35 days. @example 604_800_000 */
  retentionMs?: number;
  /**
   * The routers' clock, read to map it onto Redis TIME. Pass the router's clock when it is not the system
   * clock. Default: the system clock. @example new VirtualClock()
   */
  clock?: Clock;
  /**
   * `inline` (default): `route()` resolves once quota and spend are settled in Redis (two round trips per
   * request). `background`: the router settles after answering and the stores send settlements in batches
   * every few milliseconds (one round trip on the request's path). Holds keep the worst case until settled,
   * so limits and budgets stay exact across replicas; but a process killed (SIGKILL) before its batch left
   * loses the spend of those answered requests (their holds expire). Call `router.settled()` before `close()`.
   * @example 'background'
   */
  settlement?: 'inline' | 'background';
  /**
   * Admit most requests on leases instead of one Redis round trip each: each process holds a small slice of a
   * key's windows and of its budgets in Redis and admits against it locally (see {@link LeaseOptions}). Limits
   * and budgets stay exact across replicas (the slices are held); a slice one replica holds is unavailable to
   * the others for at most `activeMs`, and a key change whose message was lost is noticed within `activeMs`.
   * Default: no leases. @example true
   */
  leases?: boolean | LeaseOptions;
}

/**
 * What {@link createRedisStores} returns: the three stores for `new ApiKeyRouter({ stores })`, plus
 * availability events and `close()`.
 *
 * @example
 * const { keys, quota, spend } = stores;
 */
export interface RedisStores {
  /** Key states, compare-and-set, with change notifications. */
  keys: RedisKeyStore & KeyStore;
  /** Quota windows and holds. */
  quota: DegradingQuotaStore;
  /** Budgets, spend and thresholds. */
  spend: DegradingSpendStore;
  /** When the router settles: hand the stores to `new ApiKeyRouter({ stores })` as they are. */
  settlement: 'inline' | 'background';
  /** Subscribes to availability changes (degraded, failing, recovered); returns the unsubscribe function. */
  onAvailability(listener: (event: AvailabilityEvent) => void): () => void;
  /** Sends settlements still queued, publishes the spend changes they deferred, then closes the connections this call opened (not a client passed in). */
  close(): Promise<void>;
}

/**
 * Connects to Redis and returns the key, quota and spend stores that let many router processes share one set
 * of limits and budgets. Every atomic operation is one Lua script; all data of one router key sits in one
 * hash slot, all spend data in another, so Redis Cluster works. See docs/scaling.md.
 *
 * @example
 * import { ApiKeyRouter } from '@apikeyrouter/core';
 * import { createRedisStores } from '@apikeyrouter/redis';
 *
 * const stores = await createRedisStores({ url: process.env.REDIS_URL, replicas: 4 });
 * const router = new ApiKeyRouter({ stores });
 * // … on shutdown
 * await stores.close();
 */
export async function createRedisStores(options: RedisStoresOptions = {}): Promise<RedisStores> {
  const prefix = options.prefix ?? 'akr';
  const timeoutMs = options.timeoutMs ?? 500;
  const policies =
    typeof options.onUnavailable === 'string'
      ? { quota: options.onUnavailable, spend: options.onUnavailable, keys: options.onUnavailable }
      : {
          quota: options.onUnavailable?.quota ?? 'local',
          spend: options.onUnavailable?.spend ?? 'fail-closed',
          keys: options.onUnavailable?.keys ?? 'local',
        };
  const clock = options.clock ?? new SystemClock();
  const settlement = options.settlement ?? 'inline';
  const leases = leaseSettings(options.leases);
  const connection = new RedisConnection({
    timeoutMs,
    settleDelayMs: settlement === 'background' ? SETTLE_DELAY_MS : 0,
    prefix,
    clock,
    fuse: HOT_PATH,
    ...(options.url === undefined ? {} : { url: options.url }),
    ...(options.client === undefined ? {} : { client: options.client }),
    ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
  });
  const events = new AvailabilityEvents();
  try {
    await connection.ready();
    const keys = new RedisKeyStore(connection, prefix, { policy: policies.keys, events, clock });
    const redisSpend = new RedisSpendStore(connection, {
      prefix,
      ...(options.retentionMs === undefined ? {} : { retentionMs: options.retentionMs }),
      ...(leases === undefined ? {} : { leases }),
    });
    await keys.start();
    await redisSpend.start();
    const spend = new DegradingSpendStore(redisSpend, {
      policy: policies.spend,
      replicas: options.replicas ?? 1,
      events,
      clock,
    });
    // Spend settled while Redis was away is written back as soon as it is reachable again.
    connection.onReconnect(() => {
      spend.flush(clock.now()).catch(() => undefined);
    });
    const redisQuota = new RedisQuotaStore(
      connection,
      prefix,
      keys,
      leases && { settings: leases, now: () => clock.now() },
    );
    const quota = new DegradingQuotaStore(redisQuota, {
      policy: policies.quota,
      replicas: options.replicas ?? 1,
      events,
    });
    return {
      keys,
      quota,
      spend,
      settlement,
      onAvailability: (listener) => events.on(listener),
      close: async () => {
        // Leases settle what their requests used, settlements still queued go next, then the changes they
        // deferred are published to the other replicas.
        await redisQuota.retireLeases();
        await redisSpend.retireLeases();
        await connection.settlements.drain();
        await redisSpend.flushChanges().catch(() => undefined);
        redisSpend.stop();
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
