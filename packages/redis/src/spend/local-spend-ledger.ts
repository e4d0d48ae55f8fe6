import type { DecimalString, SpendLine, SpendReserveRequest, SpendSeries } from '@apikeyrouter/core/store';
import { Decimal } from 'decimal.js';

// A private high-precision class: the global Decimal rounds to 20 significant digits.
const Exact = Decimal.clone({ precision: 100 });

/** Most holds and queued commits kept while Redis is away (bounded; the oldest hold goes first). */
const MAX_ENTRIES = 100_000;

interface LocalHold {
  amount: Decimal;
  budgetIds: string[];
  series: SpendSeries[];
  expiresAt: number;
}

/**
 * Spend made while Redis was away, to be written to Redis once it answers: the actual cost, the budget lines it
 * counts against and the series it belongs to (`holdSeries` set: the hold lived only in this process).
 *
 * @example
 * const entry: PendingSpend = { reservationId: 'res_1', actual: '0.02', lines: [], at: 0, holdSeries: [] };
 */
export interface PendingSpend {
  /** The reservation the spend settles. @example 'res_1' */
  reservationId: string;
  /** Actual cost. @example '0.02' */
  actual: DecimalString;
  /** Budget lines as the commit gave them. */
  lines: SpendLine[];
  /** Caller's instant of the commit. @example 1767225600000 */
  at: number;
  /** Series of a hold that lived only in this process; undefined for a hold that is in Redis. */
  holdSeries?: SpendSeries[];
  /**
   * Series of a hold that is in Redis, as its reserve named them: they go with the spend when that hold is
   * gone by the time the commit is written (expired, or lost in a Redis restart). @example [{ dimension: 'global', id: '*' }]
   */
  series?: SpendSeries[];
  /** How many requests the actual covers in the series: a spend lease's count; 1 when absent. @example 12 */
  requests?: number;
}

/**
 * This replica's own spend while Redis is away (`onUnavailable: 'local'`). A reservation fits when, on every
 * capped line, this replica's degraded holds and spend stay within `1/replicas` of the headroom the budget had
 * when last seen (`limit − spent − reserved`), so N replicas together never pass the limit while they cannot
 * see each other. Commits are queued and written to Redis once it answers.
 *
 * @example
 * const ledger = new LocalSpendLedger(4);
 * ledger.reserve(request, (id) => replica.totals(id, from)); // true when held locally
 */
export class LocalSpendLedger {
  readonly #replicas: number;
  readonly #holds = new Map<string, LocalHold>();
  /** Per budget: this replica's degraded holds plus degraded spend not yet written to Redis. */
  readonly #used = new Map<string, Decimal>();
  #pending: PendingSpend[] = [];

  constructor(replicas: number) {
    this.#replicas = Math.max(1, Math.floor(replicas));
  }

  /** Whether `reservationId` is held here (not in Redis). */
  holds(reservationId: string): boolean {
    return this.#holds.has(reservationId);
  }

  /** What this replica added to a budget while degraded (holds and unsent spend), as a decimal string. */
  usedOn(budgetId: string): DecimalString {
    return this.#used.get(budgetId)?.toFixed() ?? '0';
  }

  /**
   * Holds the amount on every line if each capped one fits in this replica's share; `seen` gives a budget's
   * spent and reserved as last seen from Redis. Returns the lines that did not fit (empty: held).
   */
  reserve(
    request: SpendReserveRequest,
    seen: (line: SpendLine) => { spent: DecimalString; reserved: DecimalString },
  ): Array<{ budgetId: string; spent: DecimalString; reserved: DecimalString }> {
    const amount = new Exact(request.amount);
    const failed = [];
    for (const line of request.lines) {
      if (line.limit === undefined) continue;
      const last = seen(line);
      const headroom = new Exact(line.limit).minus(last.spent).minus(last.reserved);
      const share = Decimal.max(0, headroom).dividedBy(this.#replicas);
      const mine = this.#used.get(line.budgetId) ?? new Exact(0);
      const after = mine.plus(amount);
      if (after.greaterThan(share) || (line.strict === true && after.equals(share))) {
        failed.push({
          budgetId: line.budgetId,
          spent: last.spent,
          reserved: new Exact(last.reserved).plus(mine).toFixed(),
        });
      }
    }
    if (failed.length > 0) return failed;
    if (this.#holds.size >= MAX_ENTRIES) this.#drop(this.#holds.keys().next().value as string);
    const budgetIds = request.lines.map((line) => line.budgetId);
    this.#holds.set(request.reservationId, {
      amount,
      budgetIds,
      series: request.series,
      expiresAt: request.expiresAt,
    });
    for (const id of budgetIds) this.#add(id, amount);
    return [];
  }

  /** Settles a local hold: its amount is replaced by the actual cost, queued for Redis. */
  commitLocal(entry: Omit<PendingSpend, 'holdSeries'>): boolean {
    const hold = this.#holds.get(entry.reservationId);
    if (hold === undefined || hold.expiresAt <= entry.at) {
      if (hold !== undefined) this.#drop(entry.reservationId);
      return false;
    }
    this.#drop(entry.reservationId);
    const actual = new Exact(entry.actual);
    for (const line of entry.lines) this.#add(line.budgetId, actual);
    this.#queue({ ...entry, holdSeries: hold.series });
    return true;
  }

  /** Queues the commit of a hold that lives in Redis but could not be settled there. */
  commitRemote(entry: Omit<PendingSpend, 'holdSeries'>): void {
    const actual = new Exact(entry.actual);
    for (const line of entry.lines) this.#add(line.budgetId, actual);
    this.#queue(entry);
  }

  /** Frees a local hold; false when unknown. */
  release(reservationId: string): boolean {
    if (!this.#holds.has(reservationId)) return false;
    this.#drop(reservationId);
    return true;
  }

  /** Takes the queued commits (oldest first); the caller writes them and gives back what failed. */
  drain(): PendingSpend[] {
    const out = this.#pending;
    this.#pending = [];
    return out;
  }

  /** Marks a queued commit as written to Redis: it no longer counts as this replica's local use. */
  written(entry: PendingSpend): void {
    const actual = new Exact(entry.actual);
    for (const line of entry.lines) this.#add(line.budgetId, actual.negated());
  }

  /** Puts back commits that could not be written yet. */
  requeue(entries: PendingSpend[]): void {
    this.#pending = [...entries, ...this.#pending].slice(-MAX_ENTRIES);
  }

  #queue(entry: PendingSpend): void {
    // Bounded: past the cap the oldest queued spend is lost from Redis (and counted as lost in the docs).
    if (this.#pending.length >= MAX_ENTRIES) this.#pending.shift();
    this.#pending.push(entry);
  }

  #drop(reservationId: string): void {
    const hold = this.#holds.get(reservationId);
    if (hold === undefined) return;
    this.#holds.delete(reservationId);
    for (const id of hold.budgetIds) this.#add(id, hold.amount.negated());
  }

  #add(budgetId: string, amount: Decimal): void {
    const next = (this.#used.get(budgetId) ?? new Exact(0)).plus(amount);
    if (next.isZero()) this.#used.delete(budgetId);
    else this.#used.set(budgetId, next);
  }
}
