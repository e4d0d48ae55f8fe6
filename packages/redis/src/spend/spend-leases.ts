import { randomUUID } from 'node:crypto';
import type { DecimalString, SpendReserveRequest, SpendReserveResult } from '@apikeyrouter/core/store';
import type { Decimal } from 'decimal.js';
import type { LeaseSettings } from '../lease/lease-options.js';
import { LeaseSizing } from '../lease/lease-sizing.js';
import type { CommitOutcome, SpendCommit } from './spend-commit.js';
import { exact, SpendLease } from './spend-lease.js';
import { SpendLeaseBook } from './spend-lease-book.js';
import { leasable, leaseKey, leaseRequests } from './spend-lease-key.js';
import type { LeaseBackend } from './spend-lease-settle.js';

/** Most leases not yet settled, and most requests admitted against them; beyond, reserve one by one. */
const MAX_LEASES = 10_000;
const MAX_ADMITTED = 100_000;
/** How often a request waits for its key's lease on the way before it reserves by itself. */
const MAX_WAITS = 2;

interface Admission {
  lease: SpendLease;
  amount: Decimal;
  expiresAt: number;
  /** Admitted without a Redis call (not the request that asked for its lease). */
  local: boolean;
}

/**
 * Spend leases (opt-in): a replica reserves a slice of budget — k × a request's amount — as ONE ordinary spend
 * hold in Redis (id `L:<random>:<n>`) and admits further requests with the same lines and series against that
 * slice in this process, without a round trip. The slice is held in Redis, so every hard budget stays exact
 * across replicas. A lease admits for `activeMs`, then is settled with ONE commit of the sum of its requests'
 * actual costs, counting them in its series. Requests near a limit (where a lease would be refused or would
 * cover fewer than two requests) reserve one by one as without leases.
 *
 * @example
 * const leases = new SpendLeases(backend, leaseSettings(true));
 * await leases.reserve(request, true); // { ok: true }, usually without a Redis call
 * leases.commit({ reservationId: request.reservationId, actual: '0.0004', lines, at: now });
 */
export class SpendLeases {
  readonly #backend: LeaseBackend;
  readonly #settings: LeaseSettings;
  readonly #sizing: LeaseSizing;
  readonly #book: SpendLeaseBook;
  readonly #admitted = new Map<string, Admission>();
  /** The lease on its way per key (one at a time); resolves once it is installed or refused. */
  readonly #fetching = new Map<string, Promise<unknown>>();
  readonly #idPrefix = `L:${randomUUID()}:`;
  #next = 0;

  constructor(backend: LeaseBackend, settings: LeaseSettings) {
    this.#backend = backend;
    this.#settings = settings;
    this.#sizing = new LeaseSizing(settings);
    this.#book = new SpendLeaseBook(backend, this.#sizing, settings.activeMs, (lease) => {
      for (const [id, entry] of this.#admitted) if (entry.lease === lease) this.#admitted.delete(id);
    });
  }

  /** How a reservation was admitted: `local` (no Redis call), `acquired` (it asked for its lease), or not leased. */
  admission(reservationId: string): 'local' | 'acquired' | undefined {
    const entry = this.#admitted.get(reservationId);
    return entry === undefined ? undefined : entry.local ? 'local' : 'acquired';
  }

  /** Admits the request against its key's lease, or asks for a lease, or reserves it by itself in Redis. */
  async reserve(request: SpendReserveRequest, checkBudgets: boolean): Promise<SpendReserveResult> {
    const amount = exact(request.amount);
    if (!leasable(request, checkBudgets, amount) || this.#admitted.size >= MAX_ADMITTED)
      return this.#backend.reserve(request, checkBudgets);
    // A repeat of a reserve whose reply was lost: held once.
    if (this.#admitted.has(request.reservationId)) return { ok: true };
    let key = '';
    for (let waits = 0; ; waits++) {
      // Keyed afresh after each wait: the budget version may have changed meanwhile (see retireLive).
      key = leaseKey(request, this.#backend.replica.budgetVersion);
      if (this.#admit(key, request, amount)) return { ok: true };
      const pending = this.#fetching.get(key);
      if (pending === undefined) break;
      // A busy key whose leases keep filling up before this request's turn: do not queue behind them.
      if (waits === MAX_WAITS) return this.#backend.reserve(request, true);
      await pending;
    }
    const requests =
      this.#book.open < MAX_LEASES
        ? leaseRequests(
            request,
            amount,
            this.#sizing.size(key, request.at),
            this.#settings.maxShare,
            this.#backend.replica,
          )
        : 0;
    if (requests === 0) return this.#backend.reserve(request, true);
    const result = await this.#fetch(key, request, amount, requests, true);
    if (result.ok || 'stale' in result) return result;
    // Refused: the key is near a limit, where every request must ask Redis (the sizing now says so for a while).
    return this.#backend.reserve(request, true);
  }

  /**
   * Commits a lease-admitted reservation locally: its actual joins the lease's settle. Returns each of its
   * budgets' spend as this process sees it (the replica's plus its leases' unsettled actuals), `gone` when
   * it had expired, undefined when the reservation is not lease-admitted (commit it in Redis).
   */
  commit(request: SpendCommit): CommitOutcome | undefined {
    const entry = this.#admitted.get(request.reservationId);
    if (entry === undefined) return undefined;
    this.#admitted.delete(request.reservationId);
    const lease = entry.lease;
    if (request.at >= entry.expiresAt) {
      lease.release(entry.amount);
      this.#book.settleIfDone(lease);
      return { kind: 'gone' };
    }
    const actual = exact(request.actual);
    lease.commit(entry.amount, actual, request.lines, request.at);
    this.#book.committed(lease, actual);
    const spent: Record<string, DecimalString> = {};
    for (const line of request.lines) {
      if (!lease.held.includes(line.budgetId) || !this.#backend.replica.getBudget(line.budgetId)) continue;
      const spentThere = exact(this.#backend.replica.totals(line.budgetId, line.countFrom).spent);
      spent[line.budgetId] = spentThere.plus(this.#book.unsettledOn(line.budgetId) ?? 0).toFixed();
    }
    this.#book.settleIfDone(lease);
    return { kind: 'committed', spent };
  }

  /** A budget's replica totals with this process's unsettled lease spend counted as spent (see SpendLeaseBook). */
  totals(budgetId: string, totals: { spent: DecimalString; reserved: DecimalString }): typeof totals {
    return this.#book.totals(budgetId, totals);
  }

  /** Frees a lease-admitted reservation's amount; undefined when it is not lease-admitted. */
  release(reservationId: string, now: number): boolean | undefined {
    const entry = this.#admitted.get(reservationId);
    if (entry === undefined) return undefined;
    this.#admitted.delete(reservationId);
    entry.lease.release(entry.amount);
    this.#book.settleIfDone(entry.lease);
    return now < entry.expiresAt;
  }

  /**
   * The replica's budget version changed (a budget put or removed here or on another replica, or a reload):
   * retires every live lease at once (they settle as usual). Requests admitted on a lease never reach Redis's
   * budget version check, so a lease granted before a budget appeared must admit nothing more; the next
   * request asks Redis for a lease (or reserves) under the new version. A lease still on its way is retired
   * as it lands.
   */
  retireLive(): void {
    this.#book.retireAll();
  }

  /**
   * Retires every lease: those with nothing in flight are settled now (resolves once they are), the others
   * when their last request commits or releases. Leasing goes on for requests made afterwards.
   */
  async retire(): Promise<void> {
    this.#book.retireAll();
    // A lease on its way would start a new active period: retire it as it lands.
    await Promise.allSettled([...this.#fetching.values()]);
    this.#book.retireAll();
    await this.#book.settlements();
  }

  #admit(key: string, request: SpendReserveRequest, amount: Decimal): boolean {
    const lease = this.#book.live(key);
    if (lease === undefined) return false;
    if (request.at >= lease.activeUntil) {
      this.#book.retire(lease);
      return false;
    }
    if (request.expiresAt > lease.expiresAt) return false;
    if (!lease.admit(amount, this.#settings.maxRequests)) {
      if (!lease.exhausted) {
        lease.exhausted = true;
        this.#sizing.exhausted(key);
      }
      return false;
    }
    this.#admitted.set(request.reservationId, { lease, amount, expiresAt: request.expiresAt, local: true });
    this.#refill(lease, request, amount);
    return true;
  }

  /**
   * Asks for the key's next lease in the background when this one is below half its room, or past half its
   * active period (a steady stream whose commits credit the room back never runs low): a stream never waits.
   */
  #refill(lease: SpendLease, request: SpendReserveRequest, amount: Decimal): void {
    if (lease.refilled || this.#fetching.has(lease.key) || this.#book.open >= MAX_LEASES) return;
    const late = request.at >= lease.grantedAt + this.#settings.activeMs / 2;
    if (!late && !lease.low) return;
    lease.refilled = true;
    // Half its room gone in less than half its time: it would run out before its period ends.
    if (!late && !lease.exhausted) {
      lease.exhausted = true;
      this.#sizing.exhausted(lease.key);
    }
    const size = this.#sizing.size(lease.key, request.at);
    const requests = leaseRequests(request, amount, size, this.#settings.maxShare, this.#backend.replica);
    if (requests > 0) this.#fetch(lease.key, request, amount, requests, false).catch(() => undefined);
  }

  /** Reserves a lease of `requests` × `amount` for `key`, shaped on `template`; `own`: admits the template. */
  #fetch(
    key: string,
    template: SpendReserveRequest,
    amount: Decimal,
    requests: number,
    own: boolean,
  ): Promise<SpendReserveResult> {
    const activeUntil = template.at + this.#settings.activeMs;
    const lease = new SpendLease({
      id: `${this.#idPrefix}${++this.#next}`,
      key,
      amount: amount.times(requests),
      size: requests,
      at: template.at,
      activeUntil,
      // Its requests' holds would live until their own expiry: the lease's lives as long after its period.
      expiresAt: activeUntil + (template.expiresAt - template.at),
      lines: template.lines,
      series: template.series,
    });
    this.#book.opened(lease);
    const version = this.#backend.replica.budgetVersion;
    const hold = {
      ...template,
      reservationId: lease.id,
      amount: lease.amount.toFixed(),
      expiresAt: lease.expiresAt,
    };
    const fetching = this.#backend.reserve(hold, true).then(
      (result) => {
        if (!result.ok) {
          this.#book.refused(lease);
          if (!('stale' in result)) this.#sizing.refused(key, template.at);
          return result;
        }
        this.#book.install(lease);
        if (own && lease.admit(amount, this.#settings.maxRequests))
          this.#admitted.set(template.reservationId, {
            lease,
            amount,
            expiresAt: template.expiresAt,
            local: false,
          });
        // Asked for before the budget version changed: it admitted its own request (as a plain reserve sent
        // then would have been), and nothing more.
        if (this.#backend.replica.budgetVersion !== version) this.#book.retire(lease);
        return result;
      },
      (error: unknown) => {
        this.#book.refused(lease);
        throw error;
      },
    );
    const settled: Promise<void> = fetching.then(
      () => this.#fetched(key, settled),
      () => this.#fetched(key, settled),
    );
    this.#fetching.set(key, settled);
    return fetching;
  }

  #fetched(key: string, fetch: Promise<unknown>): void {
    if (this.#fetching.get(key) === fetch) this.#fetching.delete(key);
  }
}
