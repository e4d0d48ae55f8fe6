import { MemoryQuotaStore, type QuotaStore, type StoreAvailability } from '@apikeyrouter/core';
import type {
  QuotaAmounts,
  QuotaFacts,
  QuotaLimits,
  QuotaReserveRequest,
  QuotaReserveResult,
  QuotaStoreSnapshot,
} from '@apikeyrouter/core/store';
import type { AvailabilityEvents } from '../policy/availability-events.js';
import { StoreHealth } from '../policy/store-health.js';
import type { RedisQuotaStore } from './redis-quota-store.js';

/**
 * What a store does when Redis does not answer within the timeout: `fail-closed` fails the call with a
 * `store_unavailable` RouterError; `local` carries on from this process's share of each limit.
 *
 * @example
 * const policy: UnavailablePolicy = 'local';
 */
export type UnavailablePolicy = 'fail-closed' | 'local';

/** Most reservation ids remembered as local (bounded; each also expires with its hold). */
const MAX_LOCAL_HOLDS = 100_000;

/**
 * Wraps the Redis quota store with its availability policy. Under `local`, a reserve that cannot reach
 * Redis is decided by an in-process store whose limits are `floor(limit / replicas)`, so N replicas together
 * stay within each limit while Redis is away; the reservation stays local until it is committed or released.
 * Commits and releases of Redis holds that cannot reach Redis are dropped: the hold expires at its deadline
 * and counts as used, the conservative outcome. The first call after Redis answers again goes to Redis.
 *
 * @example
 * const quota = new DegradingQuotaStore(redisQuota, { policy: 'local', replicas: 4, events });
 */
export class DegradingQuotaStore implements QuotaStore {
  readonly #redis: RedisQuotaStore;
  readonly #replicas: number;
  readonly #health: StoreHealth;
  readonly #local = new MemoryQuotaStore();
  readonly #localHolds = new Map<string, number>();

  /**
   * Built by {@link createRedisStores}, which owns the shared connection.
   *
   * @internal
   */
  constructor(
    redis: RedisQuotaStore,
    options: { policy: UnavailablePolicy; replicas: number; events: AvailabilityEvents },
  ) {
    this.#redis = redis;
    this.#replicas = Math.max(1, Math.floor(options.replicas));
    this.#health = new StoreHealth('quota', options.policy, options.events);
    redis.onLeaseFetched((now) => this.#health.recovered(now));
  }

  /** True while reserves are decided locally. */
  get degraded(): boolean {
    return this.#health.degraded;
  }

  /** Whether the store answers from this process or fails now (read by the router's explanations). */
  availability(): StoreAvailability | undefined {
    return this.#health.availability();
  }

  async reserve(request: QuotaReserveRequest): Promise<QuotaReserveResult> {
    try {
      const result = await this.#redis.reserve(request);
      // Admitted on a lease without a call: that says nothing about Redis (its lease fetches do, below).
      if (!this.#redis.leased(request.keyId, request.reservationId)) this.#health.recovered(request.now);
      return result;
    } catch (error) {
      // The script may have run although its reply was lost: give the hold back once Redis answers.
      this.#redis
        .release({ keyId: request.keyId, reservationId: request.reservationId, now: request.now })
        .catch(() => undefined);
      if (!this.#health.unavailable(error, request.now)) throw error;
      const limits = share(request.limits, this.#replicas);
      const result = await this.#local.reserve({ ...request, limits });
      if (result.ok) this.#rememberLocal(`${request.keyId}\u0000${request.reservationId}`, request.expiresAt);
      return result;
    }
  }

  async commit(request: {
    keyId: string;
    reservationId: string;
    actual: QuotaAmounts;
    now: number;
  }): Promise<boolean> {
    if (this.#localHolds.delete(`${request.keyId}\u0000${request.reservationId}`))
      return this.#local.commit(request);
    try {
      return await this.#redis.commit(request);
    } catch (error) {
      if (!this.#health.unavailable(error, request.now)) throw error;
      return false;
    }
  }

  async release(request: { keyId: string; reservationId: string; now: number }): Promise<boolean> {
    if (this.#localHolds.delete(`${request.keyId}\u0000${request.reservationId}`))
      return this.#local.release(request);
    try {
      return await this.#redis.release(request);
    } catch (error) {
      if (!this.#health.unavailable(error, request.now)) throw error;
      return false;
    }
  }

  async observe(keyId: string, facts: QuotaFacts, now: number): Promise<void> {
    await this.#local.observe(keyId, facts, now);
    try {
      await this.#redis.observe(keyId, facts, now);
    } catch (error) {
      if (!this.#health.unavailable(error, now)) throw error;
    }
  }

  async snapshot(keyId: string, now: number): Promise<QuotaStoreSnapshot | undefined> {
    try {
      return await this.#redis.snapshot(keyId, now);
    } catch (error) {
      if (!this.#health.unavailable(error, now)) throw error;
      return this.#local.snapshot(keyId, now);
    }
  }

  async remove(keyId: string): Promise<void> {
    await this.#local.remove(keyId);
    await this.#redis.remove(keyId);
  }

  #rememberLocal(id: string, expiresAt: number): void {
    if (this.#localHolds.size >= MAX_LOCAL_HOLDS) {
      const oldest = this.#localHolds.keys().next().value;
      if (oldest !== undefined) this.#localHolds.delete(oldest);
    }
    this.#localHolds.set(id, expiresAt);
  }
}

/** Each replica's share of every limit while Redis is away. */
function share(limits: QuotaLimits, replicas: number): QuotaLimits {
  const out: QuotaLimits = {};
  for (const [name, limit] of Object.entries(limits) as Array<[keyof QuotaLimits, number | undefined]>) {
    if (limit !== undefined) out[name] = Math.floor(limit / replicas);
  }
  return out;
}
