import { MemoryQuotaStore, type QuotaStore, RouterError } from '@apikeyrouter/core';
import type {
  QuotaAmounts,
  QuotaFacts,
  QuotaLimits,
  QuotaReserveRequest,
  QuotaReserveResult,
  QuotaStoreSnapshot,
} from '@apikeyrouter/core/store';
import type { AvailabilityEvents } from '../policy/availability-events.js';
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
  readonly #policy: UnavailablePolicy;
  readonly #replicas: number;
  readonly #events: AvailabilityEvents;
  readonly #local = new MemoryQuotaStore();
  readonly #localHolds = new Map<string, number>();
  #degraded = false;
  #failing = false;

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
    this.#policy = options.policy;
    this.#replicas = Math.max(1, Math.floor(options.replicas));
    this.#events = options.events;
  }

  /** True while reserves are decided locally. */
  get degraded(): boolean {
    return this.#degraded;
  }

  async reserve(request: QuotaReserveRequest): Promise<QuotaReserveResult> {
    try {
      const result = await this.#redis.reserve(request);
      this.#recovered(request.now);
      return result;
    } catch (error) {
      // The script may have run although its reply was lost: give the hold back once Redis answers.
      this.#redis
        .release({ keyId: request.keyId, reservationId: request.reservationId, now: request.now })
        .catch(() => undefined);
      if (!this.#unavailable(error, request.now)) throw error;
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
      if (!this.#unavailable(error, request.now)) throw error;
      return false;
    }
  }

  async release(request: { keyId: string; reservationId: string; now: number }): Promise<boolean> {
    if (this.#localHolds.delete(`${request.keyId}\u0000${request.reservationId}`))
      return this.#local.release(request);
    try {
      return await this.#redis.release(request);
    } catch (error) {
      if (!this.#unavailable(error, request.now)) throw error;
      return false;
    }
  }

  async observe(keyId: string, facts: QuotaFacts, now: number): Promise<void> {
    await this.#local.observe(keyId, facts, now);
    try {
      await this.#redis.observe(keyId, facts, now);
    } catch (error) {
      if (!this.#unavailable(error, now)) throw error;
    }
  }

  async snapshot(keyId: string, now: number): Promise<QuotaStoreSnapshot | undefined> {
    try {
      return await this.#redis.snapshot(keyId, now);
    } catch (error) {
      if (!this.#unavailable(error, now)) throw error;
      return this.#local.snapshot(keyId, now);
    }
  }

  async remove(keyId: string): Promise<void> {
    await this.#local.remove(keyId);
    await this.#redis.remove(keyId);
  }

  /** True when the error means "Redis unavailable" and the policy allows going on locally. */
  #unavailable(error: unknown, now: number): boolean {
    if (!RouterError.isInstance(error) || error.category !== 'store_unavailable') return false;
    if (this.#policy === 'fail-closed') {
      if (!this.#failing)
        this.#events.emit({ store: 'quota', mode: 'failing', reason: error.message, at: now });
      this.#failing = true;
      return false;
    }
    if (!this.#degraded) {
      this.#degraded = true;
      this.#events.emit({ store: 'quota', mode: 'degraded', reason: error.message, at: now });
    }
    return true;
  }

  #recovered(now: number): void {
    if (!this.#degraded && !this.#failing) return;
    this.#degraded = false;
    this.#failing = false;
    this.#events.emit({ store: 'quota', mode: 'recovered', reason: 'Redis answers again', at: now });
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
