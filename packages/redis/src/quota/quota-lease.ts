import type { QuotaLimits } from '@apikeyrouter/core/store';
import type { QuotaRoom } from './quota-lease-limits.js';

/** Requests, input tokens, output tokens. */
export type QuotaTriple = [number, number, number];

/** How a lease is granted. */
export interface QuotaLeaseGrant {
  /** Its reservation id in Redis. */
  id: string;
  /** Its lease key (router key and limits). */
  key: string;
  keyId: string;
  /** The limits Redis granted it under. */
  limits: QuotaLimits;
  /** The key-state version it was granted on; a request routed on another one is not admitted. */
  version: number | undefined;
  /** Requests it was sized for. */
  size: number;
  /** What it holds in Redis. */
  amounts: QuotaTriple;
  /** Router-clock instants: granted, last admission, gone from Redis. */
  grantedAt: number;
  activeUntil: number;
  expiresAt: number;
}

/**
 * One quota lease's local accounting. Invariant (what keeps it exact): what its live requests hold plus what its
 * settled requests used never exceeds what the lease holds in Redis — a request is admitted only if its
 * amounts fit in `remaining`, and its settlement gives back what it held and takes what it used.
 *
 * @example
 * const lease = new QuotaLease(grant);
 * if (lease.take('q1', [1, 200, 500])) lease.finish('q1', [1, 180, 320]);
 */
export class QuotaLease {
  readonly id: string;
  readonly key: string;
  readonly keyId: string;
  readonly limits: QuotaLimits;
  /** What was left under each limit once it was held (set when Redis grants it). */
  room: QuotaRoom = {};
  readonly version: number | undefined;
  readonly size: number;
  readonly amounts: QuotaTriple;
  readonly grantedAt: number;
  readonly activeUntil: number;
  readonly expiresAt: number;
  /** What requests may still take. */
  readonly remaining: QuotaTriple;
  /** What settled requests used (committed at the lease's settlement). */
  readonly used: QuotaTriple = [0, 0, 0];
  readonly #live = new Map<string, QuotaTriple>();
  admittedCount = 0;
  /** The latest router-clock instant a request of this lease was admitted or settled at. */
  lastAt: number;
  retired = false;
  settled = false;
  timer: NodeJS.Timeout | undefined;

  constructor(grant: QuotaLeaseGrant) {
    this.id = grant.id;
    this.key = grant.key;
    this.keyId = grant.keyId;
    this.limits = grant.limits;
    this.version = grant.version;
    this.size = grant.size;
    this.amounts = grant.amounts;
    this.grantedAt = grant.grantedAt;
    this.activeUntil = grant.activeUntil;
    this.expiresAt = grant.expiresAt;
    this.remaining = [...grant.amounts];
    this.lastAt = grant.grantedAt;
  }

  /** Requests admitted and not settled yet. */
  get inFlight(): number {
    return this.#live.size;
  }

  /** Less than half of some dimension is left: time to fetch the next lease. */
  get low(): boolean {
    for (let d = 0; d < 3; d++)
      if ((this.remaining[d] as number) * 2 < (this.amounts[d] as number)) return true;
    return false;
  }

  /** Admits a request holding `want` if it fits in what is left. */
  take(reservationId: string, want: QuotaTriple): boolean {
    if (this.retired || this.#live.has(reservationId)) return false;
    for (let d = 0; d < 3; d++) if ((want[d] as number) > (this.remaining[d] as number)) return false;
    for (let d = 0; d < 3; d++) this.remaining[d] = (this.remaining[d] as number) - (want[d] as number);
    this.#live.set(reservationId, want);
    this.admittedCount++;
    return true;
  }

  /**
   * Settles an admitted request: `actual` used (commit), nothing (release, `undefined`) or, past its expiry,
   * what it held (`'held'`: the request may have reached the provider, as an expired hold counts in Redis).
   */
  finish(reservationId: string, actual: QuotaTriple | 'held' | undefined): boolean {
    const want = this.#live.get(reservationId);
    if (want === undefined) return false;
    this.#live.delete(reservationId);
    const used = actual === 'held' ? want : actual;
    for (let d = 0; d < 3; d++) {
      const spent = used === undefined ? 0 : Math.max(0, Math.ceil(used[d] as number));
      this.remaining[d] = (this.remaining[d] as number) + (want[d] as number) - spent;
      this.used[d] = (this.used[d] as number) + spent;
    }
    return true;
  }
}
