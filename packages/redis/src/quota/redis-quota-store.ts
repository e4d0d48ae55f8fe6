import type { QuotaStore } from '@apikeyrouter/core';
import type {
  QuotaAmounts,
  QuotaFacts,
  QuotaLimits,
  QuotaReserveRequest,
  QuotaReserveResult,
  QuotaStoreSnapshot,
} from '@apikeyrouter/core/store';
import type { RedisConnection } from '../connection/redis-connection.js';
import type { LeaseSettings } from '../lease/lease-options.js';
import {
  QUOTA_COMMIT,
  QUOTA_OBSERVE,
  QUOTA_RELEASE,
  QUOTA_RESERVE,
  QUOTA_SNAPSHOT,
} from '../scripts/quota-lua.js';
import { dimensionAt, limitArgs, packedLimits, QUOTA_DIMENSIONS, whole } from './quota-codec.js';
import { type QuotaRoom, WINDOWED_LIMITS } from './quota-lease-limits.js';
import { type LeaseFetchResult, QuotaLeases } from './quota-leases.js';

type Reply = Array<string | number>;

/**
 * Where a reserve learns which key-state version this process routes on, and whom to tell when Redis holds a
 * newer one (the key store, a `RedisKeyStore`).
 *
 * @example
 * const versions: KeyVersions = keys; // a RedisKeyStore
 */
export interface KeyVersions {
  /** The version this process last read or wrote; undefined when unknown. */
  knownVersion(keyId: string): number | undefined;
  /** Redis holds `version`, newer than this process knows: refresh the key. */
  stale(keyId: string, version: number): void;
}

/**
 * The {@link QuotaStore} on Redis: each method is one Lua script on the key's hash slot, so reserve-if-fits is
 * atomic across every router process sharing the Redis. Window arithmetic runs on the server clock (see
 * `RedisConnection.toStoreTime`); holds expire at their `expiresAt` and an expired hold counts as used, exactly
 * like the in-memory store.
 *
 * @example
 * const quota = new RedisQuotaStore(connection, 'akr');
 * await quota.reserve({ keyId, reservationId: 'q1', amounts, limits: { requests_per_minute: 60 }, now, expiresAt });
 */
export class RedisQuotaStore implements QuotaStore {
  readonly #connection: RedisConnection;
  readonly #prefix: string;
  readonly #versions: KeyVersions | undefined;
  readonly #leases: QuotaLeases | undefined;
  #onLeaseFetched: ((now: number) => void) | undefined;

  /**
   * Built by {@link createRedisStores}, which owns the shared connection. With `leases`, requests are admitted
   * on leases (see `LeaseOptions`), `now` reading the router's clock.
   *
   * @internal
   */
  constructor(
    connection: RedisConnection,
    prefix: string,
    versions?: KeyVersions,
    leases?: { settings: LeaseSettings; now: () => number },
  ) {
    this.#connection = connection;
    this.#prefix = prefix;
    this.#versions = versions;
    this.#leases =
      leases &&
      new QuotaLeases(leases.settings, {
        reserve: async (request, usageDelayMs) => {
          const result = await this.#reserve(request, usageDelayMs);
          this.#onLeaseFetched?.(request.now);
          return result;
        },
        commit: (keyId, reservationId, actual, now) => this.#commit(keyId, reservationId, actual, now),
        version: (keyId) => versions?.knownVersion(keyId),
        now: leases.now,
      });
  }

  /**
   * Called whenever Redis answered a lease fetch: requests admitted on a lease make no call, so they say
   * nothing about Redis being reachable, but the fetches do (the degrading store's recovery listens).
   */
  onLeaseFetched(listener: (now: number) => void): void {
    this.#onLeaseFetched = listener;
  }

  /** Whether this reservation was admitted on a lease (and is not settled yet): no Redis call was made for it. */
  leased(keyId: string, reservationId: string): boolean {
    return this.#leases?.has(keyId, reservationId) ?? false;
  }

  /**
   * Stops admitting on every lease, including those still on their way; each is settled in Redis once its
   * requests are done (before closing). Resolves once no lease is on its way any more.
   */
  async retireLeases(): Promise<void> {
    await this.#leases?.retireAll();
  }

  /** The hash-tag root of one router key: its state and every quota key derive from it (one Cluster slot). */
  rootOf(keyId: string): string {
    return `${this.#prefix}:{${this.#prefix}:${keyId}}`;
  }

  /** The five quota keys of one router key, all in the slot of `{prefix:keyId}`. */
  keysOf(keyId: string): string[] {
    const base = `${this.rootOf(keyId)}:q`;
    return [`${base}:m`, `${base}:d`, `${base}:h`, `${base}:f`, `${base}:k`];
  }

  async reserve(request: QuotaReserveRequest): Promise<QuotaReserveResult> {
    if (this.#leases !== undefined) {
      const leased = await this.#leases.reserve(request);
      if (leased !== undefined) return leased;
    }
    return this.#reserve(request, 0);
  }

  async #reserve(request: QuotaReserveRequest, usageDelayMs: number): Promise<LeaseFetchResult> {
    const now = this.#connection.storeTime(request.now) ?? (await this.#connection.toStoreTime(request.now));
    const expiresAt = now + (request.expiresAt - request.now);
    const { amounts } = request;
    const known = this.#versions?.knownVersion(request.keyId);
    let numbers = `${now} ${expiresAt} ${whole(amounts.requests)} ${whole(amounts.inputTokens)} ${whole(amounts.outputTokens)} ${packedLimits(request.limits)} ${known ?? '-'}`;
    if (usageDelayMs > 0) numbers += ` ${now + usageDelayMs}`;
    const keys = [this.rootOf(request.keyId)];
    const args = [request.reservationId, numbers];
    // Settlements of this key may still wait for their batch: the replica has let their holds go, Redis has
    // not. Most reservations fit anyway, so they go first on their own and the settlements keep waiting (off
    // the request's path); a refusal that one of those holds may have caused — a window or concurrency
    // refusal — sends them and asks once more, behind them on the same connection.
    const settling = this.#connection.settlements.touches(keys);
    let reply = await this.#connection.run<Reply>(QUOTA_RESERVE, keys, args);
    if (settling && Number(reply[0]) !== 1 && reply.length === 5) {
      this.#connection.settlements.flushTouching(keys);
      reply = await this.#connection.run<Reply>(QUOTA_RESERVE, keys, args);
    }
    if (Number(reply[0]) === 1) return reply.length === 7 ? { ok: true, room: roomOf(reply) } : { ok: true };
    if (reply[5] === 'stale') {
      // Routed on an old key state (its change message is late or lost): refresh it and refuse this time;
      // the engine pauses the key for a moment, by which time the router knows the new state.
      const version = Number(reply[6]);
      this.#versions?.stale(request.keyId, version);
      return { ok: false, dimension: 'concurrency', used: 0, held: 0, limit: 0, keyStateVersion: version };
    }
    const dimension = dimensionAt(reply[1]);
    if (reply.length === 6) {
      const retryAt = this.#connection.fromStoreTime(Number(reply[5]));
      return { ok: false, dimension, used: 0, held: 0, limit: 0, retryAt };
    }
    return { ok: false, dimension, used: Number(reply[2]), held: Number(reply[3]), limit: Number(reply[4]) };
  }

  async commit(request: {
    keyId: string;
    reservationId: string;
    actual: QuotaAmounts;
    now: number;
  }): Promise<boolean> {
    const local = this.#leases?.commit(request.keyId, request.reservationId, request.actual, request.now);
    if (local !== undefined) return local;
    return this.#commit(request.keyId, request.reservationId, request.actual, request.now);
  }

  async #commit(keyId: string, reservationId: string, actual: QuotaAmounts, at: number): Promise<boolean> {
    const now = this.#connection.storeTime(at) ?? (await this.#connection.toStoreTime(at));
    const numbers = `${now} ${whole(actual.requests)} ${whole(actual.inputTokens)} ${whole(actual.outputTokens)}`;
    const reply = await this.#connection.settlements.call<number>(
      QUOTA_COMMIT,
      [this.rootOf(keyId)],
      [reservationId, numbers],
    );
    return reply === 1;
  }

  async release(request: { keyId: string; reservationId: string; now: number }): Promise<boolean> {
    const local = this.#leases?.release(request.keyId, request.reservationId, request.now);
    if (local !== undefined) return local;
    const now = this.#connection.storeTime(request.now) ?? (await this.#connection.toStoreTime(request.now));
    const keys = [this.rootOf(request.keyId)];
    const reply = await this.#connection.settlements.call<number>(QUOTA_RELEASE, keys, [
      request.reservationId,
      now,
    ]);
    return reply === 1;
  }

  async observe(keyId: string, facts: QuotaFacts, now: number): Promise<void> {
    // A provider block stops this key's leases at once; other replicas' leases meet it at their next fetch.
    if (facts.blockedUntil !== undefined) this.#leases?.retireKey(keyId);
    const server = this.#connection.storeTime(now) ?? (await this.#connection.toStoreTime(now));
    const blockedUntil = facts.blockedUntil === undefined ? '' : server + (facts.blockedUntil - now);
    const dimension = QUOTA_DIMENSIONS.indexOf(facts.blockedDimension ?? 'requests_per_minute');
    await this.#connection.run<number>(
      QUOTA_OBSERVE,
      [this.rootOf(keyId)],
      [server, blockedUntil, Math.max(0, dimension), ...limitArgs(facts.learnedLimits)],
    );
  }

  async snapshot(keyId: string, now: number): Promise<QuotaStoreSnapshot | undefined> {
    const server = this.#connection.storeTime(now) ?? (await this.#connection.toStoreTime(now));
    const reply = await this.#connection.run<string[] | null>(QUOTA_SNAPSHOT, [this.rootOf(keyId)], [server]);
    if (reply === null) return undefined;
    const n = reply.map(Number);
    const used = {} as QuotaStoreSnapshot['used'];
    const held = { concurrency: n[12] ?? 0 } as QuotaStoreSnapshot['held'];
    for (let d = 0; d < 6; d++) {
      const name = QUOTA_DIMENSIONS[d] as Exclude<(typeof QUOTA_DIMENSIONS)[number], 'concurrency'>;
      used[name] = n[d] ?? 0;
      held[name] = n[6 + d] ?? 0;
    }
    const facts: QuotaFacts = {};
    const blockedUntil = n[13] ?? 0;
    if (blockedUntil > server) {
      facts.blockedUntil = this.#connection.fromStoreTime(blockedUntil);
      facts.blockedDimension = dimensionAt(n[14]);
    }
    const learned: QuotaLimits = {};
    let anyLearned = false;
    for (let d = 0; d < 7; d++) {
      const text = reply[15 + d];
      if (text === undefined || text === '') continue;
      learned[QUOTA_DIMENSIONS[d] as keyof QuotaLimits] = Number(text);
      anyLearned = true;
    }
    if (anyLearned) facts.learnedLimits = learned;
    return { keyId, used, held, facts };
  }

  async remove(keyId: string): Promise<void> {
    this.#leases?.retireKey(keyId);
    const keys = this.keysOf(keyId);
    await this.#connection.bounded('quota.remove', () => this.#connection.client.del(...keys));
  }
}

/** The room a lease fetch's reply reports per windowed limit ('' = no limit). */
function roomOf(reply: Reply): QuotaRoom {
  const room: QuotaRoom = {};
  for (const [d, name] of WINDOWED_LIMITS.entries()) {
    const text = reply[1 + d];
    if (text !== undefined && text !== '') room[name] = Number(text);
  }
  return room;
}
