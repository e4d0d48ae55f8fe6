import type { LeaseSettings } from '../lease/lease-options.js';

/**
 * Options of `RedisSpendStore`.
 *
 * @example
 * new RedisSpendStore(connection, { prefix: 'akr', retentionMs: 7 * 86_400_000 });
 */
export interface RedisSpendStoreOptions {
  /** Prefix of every Redis key and channel. @example 'akr' */
  prefix: string;
  /** How long hourly series buckets are kept. Default 35 days. @example 604_800_000 */
  retentionMs?: number;
  /** Most series kept; the least recently written goes first. Default 10,000. @example 1000 */
  maxSeries?: number;
  /**
   * Spend leases (see lease/lease-options.ts): reserves admitted against a slice of budget this replica holds
   * in Redis, most without a round trip. Undefined: every reserve asks Redis. @example leaseSettings(true)
   */
  leases?: LeaseSettings;
}
