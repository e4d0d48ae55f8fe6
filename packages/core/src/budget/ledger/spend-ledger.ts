import type { Decimal } from 'decimal.js';
import type { BudgetScope, SpendSeries, SpendStore } from '../../store/spend-store.js';

export type { SpendSeries };

import type { Budget } from '../budget-types.js';

/**
 * One budget's part in a reservation or commit: which window it counts, where new spend goes, and (for
 * budgets that can refuse) its cap.
 *
 * @example
 * const line: LedgerLine = { budgetId: 'b1', countFrom: windowStart, bucketStart: windowStart, limit: new Decimal(10) };
 */
export interface LedgerLine {
  /** Budget id. @example 'budget_0b6f…' */
  budgetId: string;
  /** Spend in buckets starting at or after this instant is in the budget's current window. @example 1767225600000 */
  countFrom: number;
  /** Bucket that spend committed now is added to. @example 1767225600000 */
  bucketStart: number;
  /** When set, the reservation fails unless `spent + reserved + amount <= limit` (`< limit` when `strict`). @example new Decimal(10) */
  limit?: Decimal;
  /** Require room strictly below the limit (used for unknown-cost requests, which reserve nothing). @example true */
  strict?: boolean;
}

/**
 * The state of one budget line at the moment a reservation failed.
 *
 * @example
 * const totals: LineTotals = { budgetId: 'b1', spent: new Decimal('9.5'), reserved: new Decimal('0.4') };
 */
export interface LineTotals {
  /** Budget id. @example 'b1' */
  budgetId: string;
  /** Committed spend in the window. @example new Decimal('9.5') */
  spent: Decimal;
  /** Held by open reservations. @example new Decimal('0.4') */
  reserved: Decimal;
}

/**
 * Outcome of {@link SpendLedger.reserve}: held on every line, nothing held and the capped lines that did not
 * fit, or nothing held because the lines came from an out-of-date view of the budgets (decide them again).
 *
 * @example
 * const outcome: ReserveOutcome = { ok: false, failed: [totals] };
 */
export type ReserveOutcome = { ok: true } | { ok: false; failed: LineTotals[] } | { ok: false; stale: true };

/**
 * The cost controller's Decimal-typed view of its {@link SpendStore} (see `StoreLedger`): the same operations
 * with amounts as `Decimal` and budgets as {@link Budget}. Internal; stores implement `SpendStore`.
 *
 * @example
 * const ledger: SpendLedger = new StoreLedger(new MemorySpendStore());
 */
export interface SpendLedger {
  /** Creates or replaces a budget definition. */
  putBudget(budget: Budget): Promise<void>;
  /** Deletes a budget and its spend; open reservations stay valid but no longer touch it. */
  removeBudget(id: string): Promise<boolean>;
  /** A stored budget (callers must not mutate it). */
  getBudget(id: string): Budget | undefined;
  /** Every stored budget (callers must not mutate them). */
  listBudgets(): Budget[];
  /** A budget's spend in the window starting at `countFrom`, and what open reservations hold on it. */
  totals(budgetId: string, countFrom: number): { spent: Decimal; reserved: Decimal };
  /**
   * Atomically: if every capped line fits, hold `amount` on every line and remember the reservation (with the
   * series its spend will be recorded under); otherwise hold nothing and report the lines that did not fit.
   */
  reserve(request: {
    reservationId: string;
    amount: Decimal;
    lines: LedgerLine[];
    series: SpendSeries[];
    at: number;
    expiresAt: number;
  }): Promise<ReserveOutcome>;
  /**
   * Atomically: forget the reservation, free what it held, add `actual` to each line's bucket (lines of
   * budgets the reservation did not hold on, or that were deleted, are skipped) and to the hourly series.
   * Returns each updated budget's spend in its window, or undefined (and does nothing) when the reservation is
   * unknown — already committed or released.
   */
  commit(request: {
    reservationId: string;
    actual: Decimal;
    lines: LedgerLine[];
    at: number;
  }): Promise<Map<string, Decimal> | undefined>;
  /** Forgets a reservation and frees what it held; false when it was unknown. */
  release(reservationId: string, now: number): Promise<boolean>;
  /**
   * Atomically marks the `reached` thresholds of a budget's window `windowKey` as fired and returns those not
   * fired before. A new `windowKey` forgets earlier claims; `rearm` also forgets claims no longer reached
   * (rolling windows, whose spend falls as it ages).
   */
  claimThresholds(budgetId: string, windowKey: string, reached: number[], rearm: boolean): Promise<number[]>;
  /** Forgets a budget's threshold claims (after its limit or window changed). */
  resetThresholds(budgetId: string): Promise<void>;
  /** Spend and request count of a series over the hours overlapping `[from, to)`. */
  spendBetween(series: SpendSeries, from: number, to: number): Promise<{ total: Decimal; requests: number }>;
  /** Ids of the series kept for a dimension. */
  seriesIds(dimension: BudgetScope): Promise<string[]>;
}
