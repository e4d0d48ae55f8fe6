import type { DecimalString } from '@apikeyrouter/core/store';
import type { Decimal } from 'decimal.js';
import type { LeaseSizing } from '../lease/lease-sizing.js';
import { exact, type SpendLease } from './spend-lease.js';
import { type LeaseBackend, settleLease } from './spend-lease-settle.js';

/**
 * The spend leases of one process from grant to settlement: the live lease of each key, every lease not yet
 * settled, and the actual cost their requests committed that Redis does not count yet. A lease is retired when
 * its active period ends (a transport timer, like SettleBatch's: not the router clock), when it is replaced, or
 * on `retireAll`; a retired lease is settled once nothing is in flight on it.
 *
 * @example
 * const book = new SpendLeaseBook(backend, sizing, 1_000, (lease) => forgetRequestsOf(lease));
 * book.install(lease); // live for its key until its period ends
 */
export class SpendLeaseBook {
  readonly #backend: LeaseBackend;
  readonly #sizing: LeaseSizing;
  readonly #activeMs: number;
  readonly #onAbandon: (lease: SpendLease) => void;
  /** The lease admitting now, per lease key. */
  readonly #live = new Map<string, SpendLease>();
  /** Leases asked for, live or retired, until settled. */
  readonly #open = new Set<SpendLease>();
  /** Per budget: actual cost committed against leases and not yet settled in Redis. */
  readonly #unsettled = new Map<string, Decimal>();

  /** `onAbandon`: a retired lease is settled without its requests still in flight (they are gone). */
  constructor(
    backend: LeaseBackend,
    sizing: LeaseSizing,
    activeMs: number,
    onAbandon: (lease: SpendLease) => void,
  ) {
    this.#backend = backend;
    this.#sizing = sizing;
    this.#activeMs = activeMs;
    this.#onAbandon = onAbandon;
  }

  /** Leases asked for and not yet settled. */
  get open(): number {
    return this.#open.size;
  }

  /** The lease admitting for `key` now. */
  live(key: string): SpendLease | undefined {
    return this.#live.get(key);
  }

  /** A lease is being asked for (counted as open until it is refused or settled). */
  opened(lease: SpendLease): void {
    this.#open.add(lease);
  }

  /** Redis did not grant it: forgotten. */
  refused(lease: SpendLease): void {
    this.#open.delete(lease);
  }

  /** Redis granted it: it admits for its key now, replacing (retiring) the key's previous lease. */
  install(lease: SpendLease): void {
    // Granted on the budgets Redis had at the budget version the replica has: the replica's budgets now.
    lease.held = lease.lines.map((line) => line.budgetId).filter((id) => this.#backend.replica.getBudget(id));
    const previous = this.#live.get(lease.key);
    this.#live.set(lease.key, lease);
    if (previous !== undefined) this.retire(previous);
    lease.timer = setTimeout(() => this.retire(lease), this.#activeMs).unref();
  }

  /** One of its requests committed `actual`: counted on its budgets until the lease is settled. */
  committed(lease: SpendLease, actual: Decimal): void {
    for (const id of lease.held) {
      const before = this.#unsettled.get(id);
      this.#unsettled.set(id, before === undefined ? actual : before.plus(actual));
    }
  }

  /**
   * A budget's replica totals with the actuals this process's leases committed moved from `reserved` (their
   * holds still hold them in Redis) to `spent`, so the store's reads reflect its own commits at once. The sum
   * is unchanged; `reserved` stops at 0 (an actual above its amount spent past the hold).
   */
  totals(budgetId: string, totals: { spent: DecimalString; reserved: DecimalString }): typeof totals {
    const unsettled = this.#unsettled.get(budgetId);
    if (unsettled === undefined) return totals;
    const reserved = exact(totals.reserved).minus(unsettled);
    return {
      spent: exact(totals.spent).plus(unsettled).toFixed(),
      reserved: reserved.isNegative() ? '0' : reserved.toFixed(),
    };
  }

  /** Actual cost this process's leases admitted on a budget that Redis does not count yet. */
  unsettledOn(budgetId: string): Decimal | undefined {
    return this.#unsettled.get(budgetId);
  }

  /** It admits nothing more; settled now if nothing is in flight, else when its last request is done. */
  retire(lease: SpendLease): void {
    if (lease.retired) return;
    lease.retired = true;
    clearTimeout(lease.timer);
    if (this.#live.get(lease.key) === lease) this.#live.delete(lease.key);
    if (lease.inFlight === 0) {
      this.#settle(lease);
      return;
    }
    // A request never heard of again must not let the lease's hold (and every actual it carries) expire
    // unsettled: settle without it shortly before the hold would expire.
    const life = lease.expiresAt - lease.activeUntil;
    lease.timer = setTimeout(
      () => {
        this.#onAbandon(lease);
        lease.abandon();
        this.#settle(lease);
      },
      life - Math.min(life / 10, 2_000),
    ).unref();
  }

  /** After a request of it committed or released: settles a retired lease with nothing left in flight. */
  settleIfDone(lease: SpendLease): void {
    if (lease.retired && lease.inFlight === 0) this.#settle(lease);
  }

  /** Retires every live lease. */
  retireAll(): void {
    for (const lease of [...this.#live.values()]) this.retire(lease);
  }

  /** Resolves once every settlement started so far has made its first attempt (retries go on by themselves). */
  async settlements(): Promise<void> {
    await Promise.allSettled([...this.#open].map((lease) => lease.settling));
  }

  #settle(lease: SpendLease): void {
    if (lease.settling !== undefined) return;
    clearTimeout(lease.timer);
    this.#sizing.settled(lease.key, lease.admitted, lease.size);
    const { first, done } = settleLease(this.#backend, lease, () => this.#recorded(lease));
    lease.settling = first;
    done
      // Given up after minutes of failures no one took over (a store without the degrading store's write-back,
      // or an error other than Redis unavailable): the hold expires and its requests' spend is not recorded.
      .catch(() => undefined)
      .finally(() => {
        this.#open.delete(lease);
        this.#recorded(lease);
      });
  }

  /** The lease's actual is in the replica now (or never will be): no longer added to it. Once per lease. */
  #recorded(lease: SpendLease): void {
    if (lease.recorded) return;
    lease.recorded = true;
    for (const id of lease.held) {
      const left = this.#unsettled.get(id)?.minus(lease.actual);
      if (left === undefined || left.isZero()) this.#unsettled.delete(id);
      else this.#unsettled.set(id, left);
    }
  }
}
