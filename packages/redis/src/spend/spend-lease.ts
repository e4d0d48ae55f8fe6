import type { SpendLine, SpendSeries } from '@apikeyrouter/core/store';
import { Decimal } from 'decimal.js';

// A private high-precision class: the global Decimal rounds to 20 significant digits, and a lease adds one
// actual per request.
const Exact = Decimal.clone({ precision: 100 });
const ZERO = new Exact(0);

/**
 * Reads a decimal string exactly (at 100 significant digits, not the global Decimal's 20).
 *
 * @example
 * exact('0.001').times(4).toFixed(); // '0.004'
 */
export function exact(text: string): Decimal {
  return new Exact(text);
}

/**
 * What a spend lease is granted for: its hold in Redis (id, amount, lines, series, expiry) and its active period.
 *
 * @example
 * const grant: SpendLeaseGrant = {
 *   id: 'L:3f2a:1', key, amount: exact('0.004'), size: 4, at: now, activeUntil: now + 1_000,
 *   expiresAt: now + 31_000, lines: [line], series: [{ dimension: 'global', id: '*' }],
 * };
 */
export interface SpendLeaseGrant {
  /** Reservation id of the lease's hold in Redis. @example 'L:3f2a:1' */
  id: string;
  /** The lease key (lines, series and budget version: see `leaseKey`). */
  key: string;
  /** What the hold holds on every line. */
  amount: Decimal;
  /** How many requests of the granting request's amount it was sized for. @example 4 */
  size: number;
  /** Router-clock ms it was asked for. @example 1767225600000 */
  at: number;
  /** Router-clock ms from which it admits nothing more. @example 1767225601000 */
  activeUntil: number;
  /** Router-clock ms at which its hold expires in Redis. @example 1767225631000 */
  expiresAt: number;
  /** Lines the hold was reserved on. */
  lines: readonly SpendLine[];
  /** Series the hold names (its settle counts its requests there). */
  series: readonly SpendSeries[];
}

/**
 * One spend lease's local accounting: `remaining` is what the hold can still admit. Admitting subtracts the
 * request's amount; a commit credits back `amount − actual` (the hold then covers that request's actual
 * only); a release credits back the amount. So `remaining` is always the lease's amount less the amounts in
 * flight and the actuals committed. An actual above its amount takes `remaining` below 0 and the deficit is
 * kept: nothing is admitted until releases and cheaper commits have covered it again, so an admission never
 * makes the amounts in flight plus the actuals committed exceed the hold.
 *
 * @example
 * const lease = new SpendLease(grant);
 * if (lease.admit(exact('0.001'), 256)) lease.commit(exact('0.001'), exact('0.0004'), lines, now);
 */
export class SpendLease {
  readonly id: string;
  readonly key: string;
  readonly amount: Decimal;
  readonly size: number;
  readonly grantedAt: number;
  readonly activeUntil: number;
  readonly expiresAt: number;
  readonly lines: readonly SpendLine[];
  readonly series: readonly SpendSeries[];
  /** Admits nothing more; settled once nothing is in flight. */
  retired = false;
  /** It lacked room for a request before its active period ended (told to the sizing once). */
  exhausted = false;
  /** The next lease of its key was asked for (once per lease). */
  refilled = false;
  /** Budgets its hold holds on: its lines' budgets that existed when it was granted. */
  held: readonly string[] = [];
  /** Its actual has left the process's unsettled totals (the replica counts it, or never will). */
  recorded = false;
  /** Its settlement's first attempt, once started. */
  settling: Promise<void> | undefined;
  /** Transport timer (not the router clock): ends the active period, or forces the settle before expiry. */
  timer: NodeJS.Timeout | undefined;
  #remaining: Decimal;
  #actual: Decimal = ZERO;
  #inFlight = 0;
  #admitted = 0;
  #committed = 0;
  #latest: { lines: SpendLine[]; at: number } | undefined;

  constructor(grant: SpendLeaseGrant) {
    this.id = grant.id;
    this.key = grant.key;
    this.amount = grant.amount;
    this.size = grant.size;
    this.grantedAt = grant.at;
    this.activeUntil = grant.activeUntil;
    this.expiresAt = grant.expiresAt;
    this.lines = grant.lines;
    this.series = grant.series;
    this.#remaining = grant.amount;
  }

  /** What it can still admit; below 0 while actuals above their amounts have spent past the hold. */
  get remaining(): Decimal {
    return this.#remaining;
  }

  /** Sum of the committed requests' actual costs. */
  get actual(): Decimal {
    return this.#actual;
  }

  /** Requests admitted and not yet committed or released. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Requests admitted so far. */
  get admitted(): number {
    return this.#admitted;
  }

  /** Requests committed so far (the count its settle adds to the series). */
  get committed(): number {
    return this.#committed;
  }

  /** Lines and instant of the latest commit (its settle's), undefined while none committed. */
  get latest(): { lines: SpendLine[]; at: number } | undefined {
    return this.#latest;
  }

  /** Less than half of the lease is left to admit. */
  get low(): boolean {
    return this.#remaining.times(2).lt(this.amount);
  }

  /** Takes `amount` from the lease if it has that much left and has admitted fewer than `maxRequests`. */
  admit(amount: Decimal, maxRequests: number): boolean {
    if (this.retired || this.#admitted >= maxRequests || amount.gt(this.#remaining)) return false;
    this.#remaining = this.#remaining.minus(amount);
    this.#inFlight++;
    this.#admitted++;
    return true;
  }

  /** An admitted request of `amount` cost `actual`. */
  commit(amount: Decimal, actual: Decimal, lines: SpendLine[], at: number): void {
    this.#inFlight--;
    this.#committed++;
    this.#actual = this.#actual.plus(actual);
    // Not clamped at 0: a clamp would forget what the actual spent past its amount and admit on it again.
    this.#remaining = this.#remaining.plus(amount).minus(actual);
    // The latest commit's buckets: a later bucket is conservative for rolling windows (spend leaves it later).
    if (this.#latest === undefined || at >= this.#latest.at) this.#latest = { lines, at };
  }

  /** An admitted request of `amount` was released (or expired): its amount is free again. */
  release(amount: Decimal): void {
    this.#inFlight--;
    this.#remaining = this.#remaining.plus(amount);
  }

  /** Forgets every request in flight (the lease is settled before its hold expires; they are gone). */
  abandon(): void {
    this.#inFlight = 0;
  }
}
