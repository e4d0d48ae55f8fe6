import type { QuotaAmounts, QuotaReserveRequest, QuotaReserveResult } from '@apikeyrouter/core/store';
import type { LeaseSettings } from '../lease/lease-options.js';
import { LeaseSizing } from '../lease/lease-sizing.js';
import { QuotaLease, type QuotaTriple } from './quota-lease.js';
import { cappedSize, limitsHold, type QuotaRoom } from './quota-lease-limits.js';

/** A lease fetch's answer: with `room`, what was left under each limit once the lease was held. */
export type LeaseFetchResult = QuotaReserveResult & { room?: QuotaRoom };

/** What the leases need of the store: its Redis operations, the key-state versions and the router's clock. */
export interface QuotaLeaseBackend {
  /** Holds `request` in Redis; what it uses counts from `usageDelayMs` after `request.now` at the earliest. */
  reserve(request: QuotaReserveRequest, usageDelayMs: number): Promise<LeaseFetchResult>;
  /** Settles a lease's hold with what its requests used. */
  commit(keyId: string, reservationId: string, actual: QuotaAmounts, now: number): Promise<boolean>;
  /** The key-state version this process routes on (undefined when unknown). */
  version(keyId: string): number | undefined;
  /** The router's clock. */
  now(): number;
}

// Bounds: a lease per key in use and an entry per request it admitted and has not settled.
const MAX_LEASES = 10_000;
const MAX_ADMITTED = 100_000;

/**
 * The quota leases of one process (see `LeaseOptions`): per key, one live lease that admits requests locally
 * while it has room, its active period lasts, the key's state is the one it was granted on and the limits in
 * force have not dropped by more than the room Redis had left under them (see `limitsHold`).
 * A lease running low fetches the next one in the background, so a steady stream of requests never waits for
 * Redis. Keys with a concurrency limit are not leased (a lease is one hold, not one per request).
 *
 * @example
 * const leases = new QuotaLeases(settings, backend);
 * const result = await leases.reserve(request); // undefined: not leased, reserve in Redis as usual
 */
export class QuotaLeases {
  readonly #settings: LeaseSettings;
  readonly #backend: QuotaLeaseBackend;
  readonly #sizing: LeaseSizing;
  readonly #live = new Map<string, QuotaLease>();
  readonly #fetching = new Map<string, Promise<Fetched>>();
  /** Admitted requests by `keyId NUL reservationId` (ids are unique per key only), with their hold's expiry. */
  readonly #admitted = new Map<string, { lease: QuotaLease; expiresAt: number }>();
  /** Per fetch on its way: set when its key was retired meanwhile (a block, a removal, closing). */
  readonly #doomed = new Map<string, { doomed: boolean }>();
  readonly #tag = Math.random().toString(36).slice(2, 10);
  #serial = 0;

  constructor(settings: LeaseSettings, backend: QuotaLeaseBackend) {
    this.#settings = settings;
    this.#backend = backend;
    this.#sizing = new LeaseSizing(settings);
  }

  /**
   * Admits `request` on a lease, fetching one when needed; undefined when the request is not leased (reserve it
   * in Redis on its own). A refusal is returned as is when Redis refused the lease for the key's state or a
   * provider block, which a reservation of its own would meet too.
   */
  async reserve(request: QuotaReserveRequest): Promise<QuotaReserveResult | undefined> {
    if (request.limits.concurrency !== undefined || this.#admitted.size >= MAX_ADMITTED) return undefined;
    const key = request.keyId;
    // A repeat of a reserve whose reply was lost: held once.
    if (this.has(key, request.reservationId)) return { ok: true };
    if (this.#admit(key, request)) return { ok: true };
    const size = this.#sizeFor(key, request);
    if (size < 2) return undefined;
    let fetching = this.#fetching.get(key);
    if (fetching === undefined) {
      if (this.#live.size >= MAX_LEASES && !this.#live.has(key)) return undefined;
      fetching = this.#fetch(key, request, size);
    }
    const fetched = await fetching;
    if (fetched !== undefined && !(fetched instanceof QuotaLease)) return fetched;
    return this.#admit(key, request) ? { ok: true } : undefined;
  }

  /** Whether `reservationId` of `keyId` was admitted on a lease and is not settled yet. */
  has(keyId: string, reservationId: string): boolean {
    return this.#admitted.has(`${keyId}\u0000${reservationId}`);
  }

  /** Settles a lease-admitted request locally; undefined when `reservationId` is not one. */
  commit(keyId: string, reservationId: string, actual: QuotaAmounts, now: number): boolean | undefined {
    const entry = this.#admitted.get(`${keyId}\u0000${reservationId}`);
    if (entry === undefined) return undefined;
    this.#admitted.delete(`${keyId}\u0000${reservationId}`);
    const { lease } = entry;
    // Past its own expiry a request's hold is gone and counts as used with what it held, as in Redis.
    const expired = now >= entry.expiresAt;
    lease.finish(
      reservationId,
      expired ? 'held' : [actual.requests, actual.inputTokens, actual.outputTokens],
    );
    lease.lastAt = Math.max(lease.lastAt, now);
    this.#settleIfDone(lease, now);
    return !expired;
  }

  /** Frees a lease-admitted request's part of its lease; undefined when `reservationId` is not one. */
  release(keyId: string, reservationId: string, now: number): boolean | undefined {
    const entry = this.#admitted.get(`${keyId}\u0000${reservationId}`);
    if (entry === undefined) return undefined;
    this.#admitted.delete(`${keyId}\u0000${reservationId}`);
    const { lease } = entry;
    const expired = now >= entry.expiresAt;
    lease.finish(reservationId, expired ? 'held' : undefined);
    lease.lastAt = Math.max(lease.lastAt, now);
    this.#settleIfDone(lease, now);
    return !expired;
  }

  /** Stops admitting on `keyId`'s leases (a provider block, a removed key): they settle once their requests are done. */
  retireKey(keyId: string): void {
    const fetch = this.#doomed.get(keyId);
    if (fetch !== undefined) fetch.doomed = true;
    const lease = this.#live.get(keyId);
    if (lease !== undefined) this.#retire(lease, this.#backend.now());
  }

  /**
   * Retires every lease (before closing), including those still on their way: each settles once its requests
   * are done. Resolves once no fetch is on its way any more.
   */
  async retireAll(): Promise<void> {
    for (const fetch of this.#doomed.values()) fetch.doomed = true;
    const now = this.#backend.now();
    for (const lease of [...this.#live.values()]) this.#retire(lease, now);
    await Promise.allSettled([...this.#fetching.values()]);
  }

  #admit(key: string, request: QuotaReserveRequest): boolean {
    const lease = this.#live.get(key);
    if (lease === undefined) return false;
    if (
      request.now >= lease.activeUntil ||
      request.expiresAt > lease.expiresAt ||
      this.#backend.version(request.keyId) !== lease.version ||
      !limitsHold(lease.limits, lease.room, request.limits)
    ) {
      this.#retire(lease, request.now);
      return false;
    }
    const { amounts } = request;
    const want: QuotaTriple = [
      Math.ceil(amounts.requests),
      Math.ceil(amounts.inputTokens),
      Math.ceil(amounts.outputTokens),
    ];
    if (!lease.take(request.reservationId, want)) return false;
    this.#admitted.set(`${request.keyId}\u0000${request.reservationId}`, {
      lease,
      expiresAt: request.expiresAt,
    });
    lease.lastAt = Math.max(lease.lastAt, request.now);
    const late = request.now - lease.grantedAt > (this.#settings.activeMs * 3) / 4;
    if ((lease.low || late) && !this.#fetching.has(key)) {
      // Running low early: the next lease covers more, and is fetched now so that no request waits for it.
      if (lease.low && request.now - lease.grantedAt < this.#settings.activeMs / 2)
        this.#sizing.exhausted(key);
      const size = this.#sizeFor(key, request);
      if (size >= 2) this.#fetch(key, request, size).catch(() => undefined);
    }
    return true;
  }

  /** Requests the next lease of `key` covers, capped so that it holds at most `maxShare` of any limit. */
  #sizeFor(key: string, request: QuotaReserveRequest): number {
    return cappedSize(this.#sizing.size(key, request.now), request, this.#settings.maxShare);
  }

  #fetch(key: string, request: QuotaReserveRequest, size: number): Promise<Fetched> {
    const id = `L.${this.#tag}.${++this.#serial}`;
    const { amounts } = request;
    const lease = new QuotaLease({
      id,
      key,
      keyId: request.keyId,
      limits: request.limits,
      version: this.#backend.version(request.keyId),
      size,
      amounts: [
        Math.ceil(amounts.requests) * size,
        Math.ceil(amounts.inputTokens) * size,
        Math.ceil(amounts.outputTokens) * size,
      ],
      grantedAt: request.now,
      activeUntil: request.now + this.#settings.activeMs,
      // Long enough for a request admitted at the end of the active period to finish.
      expiresAt: request.now + this.#settings.activeMs + (request.expiresAt - request.now),
    });
    const hold: QuotaReserveRequest = {
      keyId: request.keyId,
      reservationId: id,
      amounts: { requests: lease.amounts[0], inputTokens: lease.amounts[1], outputTokens: lease.amounts[2] },
      limits: request.limits,
      now: request.now,
      expiresAt: lease.expiresAt,
    };
    const fate = { doomed: false };
    this.#doomed.set(key, fate);
    const fetching = this.#backend
      .reserve(hold, this.#settings.activeMs)
      .then((result) => {
        if (result.ok && fate.doomed) {
          // Its key was retired while it was on its way (a block, a removal, closing): it admits nothing.
          lease.retired = true;
          this.#settleIfDone(lease, request.now);
          return undefined;
        }
        if (!result.ok) {
          // A window too full for a lease: this key's requests reserve one by one for a while. A block or a
          // newer key state refuses any reservation: the caller gets that refusal.
          if (result.retryAt !== undefined || result.keyStateVersion !== undefined) return result;
          this.#sizing.refused(key, request.now);
          return undefined;
        }
        lease.room = result.room ?? {};
        const previous = this.#live.get(key);
        if (previous !== undefined) this.#retire(previous, request.now);
        this.#live.set(key, lease);
        lease.timer = setTimeout(() => this.#retire(lease, this.#backend.now()), this.#settings.activeMs);
        lease.timer.unref();
        return lease;
      })
      .finally(() => {
        this.#fetching.delete(key);
        if (this.#doomed.get(key) === fate) this.#doomed.delete(key);
      });
    this.#fetching.set(key, fetching);
    return fetching;
  }

  #retire(lease: QuotaLease, now: number): void {
    if (lease.retired) return;
    lease.retired = true;
    clearTimeout(lease.timer);
    if (this.#live.get(lease.key) === lease) this.#live.delete(lease.key);
    this.#sizing.settled(lease.key, lease.admittedCount, lease.size);
    this.#settleIfDone(lease, now);
  }

  #settleIfDone(lease: QuotaLease, now: number): void {
    if (!lease.retired || lease.inFlight > 0 || lease.settled) return;
    lease.settled = true;
    const [requests, inputTokens, outputTokens] = lease.used;
    // Nothing used is committed as zero: the hold goes and nothing is counted (a release would do the same).
    // Never at an instant before one of its requests (a timer's reading of another clock): usage counts late.
    this.#backend
      .commit(lease.keyId, lease.id, { requests, inputTokens, outputTokens }, Math.max(now, lease.lastAt))
      .catch(() => undefined);
  }
}

/** A fetched lease; a refusal any reservation of the key would meet (a block, a newer key state); or nothing. */
type Fetched = QuotaLease | QuotaReserveResult | undefined;
