import type { Decimal } from 'decimal.js';
import { HourlySpend, type HourlySpendOptions } from '../../store/hourly-spend.js';
import type { Budget, BudgetScope } from '../budget-types.js';
import { addMoney, subMoney, ZERO } from '../money.js';
import type { LedgerLine, LineTotals, ReserveOutcome, SpendLedger, SpendSeries } from './spend-ledger.js';

interface BudgetState {
  budget: Budget;
  /** Spend per bucket start; buckets before the current window are pruned on write. */
  buckets: Map<number, Decimal>;
  reserved: Decimal;
  thresholdWindow: string | undefined;
  claimed: Set<number>;
  /** Last computed window sum; rolling windows sum up to 100 buckets and `check` runs per candidate. */
  sum: { countFrom: number; spent: Decimal } | undefined;
}

interface OpenReservation {
  amount: Decimal;
  budgetIds: Set<string>;
  series: SpendSeries[];
}

/**
 * Options of {@link MemorySpendLedger}.
 *
 * @example
 * new MemorySpendLedger({ retentionMs: 7 * 86_400_000 });
 */
export type MemorySpendLedgerOptions = HourlySpendOptions;

/**
 * The in-process {@link SpendLedger}. Every write runs synchronously inside its async method, so with a
 * single event loop each one is atomic: no other reserve can interleave between the check and the hold.
 *
 * @example
 * const costs = new CostController({ clock, ledger: new MemorySpendLedger() });
 */
export class MemorySpendLedger implements SpendLedger {
  readonly #budgets = new Map<string, BudgetState>();
  readonly #reservations = new Map<string, OpenReservation>();
  readonly #hours: HourlySpend;

  constructor(options: MemorySpendLedgerOptions = {}) {
    this.#hours = new HourlySpend(options);
  }

  async putBudget(budget: Budget): Promise<void> {
    const state = this.#budgets.get(budget.id);
    if (state) state.budget = budget;
    else {
      this.#budgets.set(budget.id, {
        budget,
        buckets: new Map(),
        reserved: ZERO,
        thresholdWindow: undefined,
        claimed: new Set(),
        sum: undefined,
      });
    }
  }

  async removeBudget(id: string): Promise<boolean> {
    return this.#budgets.delete(id);
  }

  getBudget(id: string): Budget | undefined {
    return this.#budgets.get(id)?.budget;
  }

  listBudgets(): Budget[] {
    return [...this.#budgets.values()].map((state) => state.budget);
  }

  totals(budgetId: string, countFrom: number): { spent: Decimal; reserved: Decimal } {
    const state = this.#budgets.get(budgetId);
    if (!state) return { spent: ZERO, reserved: ZERO };
    return { spent: spentSince(state, countFrom), reserved: state.reserved };
  }

  async reserve(request: {
    reservationId: string;
    amount: Decimal;
    lines: LedgerLine[];
    series: SpendSeries[];
    at: number;
  }): Promise<ReserveOutcome> {
    const failed: LineTotals[] = [];
    const held: BudgetState[] = [];
    for (const line of request.lines) {
      const state = this.#budgets.get(line.budgetId);
      if (!state) continue;
      held.push(state);
      if (line.limit === undefined) continue;
      const spent = spentSince(state, line.countFrom);
      const after = addMoney(spent, state.reserved, request.amount);
      const fits = line.strict ? after.lessThan(line.limit) : after.lessThanOrEqualTo(line.limit);
      if (!fits) failed.push({ budgetId: line.budgetId, spent, reserved: state.reserved });
    }
    if (failed.length > 0) return { ok: false, failed };
    for (const state of held) state.reserved = addMoney(state.reserved, request.amount);
    this.#reservations.set(request.reservationId, {
      amount: request.amount,
      budgetIds: new Set(held.map((state) => state.budget.id)),
      series: request.series,
    });
    return { ok: true };
  }

  async commit(request: {
    reservationId: string;
    actual: Decimal;
    lines: LedgerLine[];
    at: number;
  }): Promise<Map<string, Decimal> | undefined> {
    const reservation = this.#take(request.reservationId);
    if (!reservation) return undefined;
    const spent = new Map<string, Decimal>();
    for (const line of request.lines) {
      const state = this.#budgets.get(line.budgetId);
      if (!state || !reservation.budgetIds.has(line.budgetId)) continue;
      for (const start of state.buckets.keys()) if (start < line.countFrom) state.buckets.delete(start);
      state.buckets.set(
        line.bucketStart,
        addMoney(state.buckets.get(line.bucketStart) ?? ZERO, request.actual),
      );
      state.sum = undefined;
      spent.set(line.budgetId, spentSince(state, line.countFrom));
    }
    this.#hours.add(reservation.series, request.actual, request.at);
    return spent;
  }

  async release(reservationId: string): Promise<boolean> {
    return this.#take(reservationId) !== undefined;
  }

  async claimThresholds(
    budgetId: string,
    windowKey: string,
    reached: number[],
    rearm: boolean,
  ): Promise<number[]> {
    const state = this.#budgets.get(budgetId);
    if (!state) return [];
    if (state.thresholdWindow !== windowKey) {
      state.thresholdWindow = windowKey;
      state.claimed.clear();
    }
    if (rearm)
      for (const threshold of state.claimed)
        if (!reached.includes(threshold)) state.claimed.delete(threshold);
    const fresh = reached.filter((threshold) => !state.claimed.has(threshold));
    for (const threshold of fresh) state.claimed.add(threshold);
    return fresh;
  }

  async resetThresholds(budgetId: string): Promise<void> {
    const state = this.#budgets.get(budgetId);
    if (state) {
      state.thresholdWindow = undefined;
      state.claimed.clear();
    }
  }

  async spendBetween(
    series: SpendSeries,
    from: number,
    to: number,
  ): Promise<{ total: Decimal; requests: number }> {
    return this.#hours.between(series, from, to);
  }

  async seriesIds(dimension: BudgetScope): Promise<string[]> {
    return this.#hours.ids(dimension);
  }

  /**
   * Hourly buckets held across all series (for memory-bound tests).
   * @example ledger.hourlyBucketCount; // 24
   */
  get hourlyBucketCount(): number {
    return this.#hours.bucketCount;
  }

  /**
   * Open reservations (for leak checks).
   * @example ledger.openReservations; // 0 when every request committed or released
   */
  get openReservations(): number {
    return this.#reservations.size;
  }

  #take(reservationId: string): OpenReservation | undefined {
    const reservation = this.#reservations.get(reservationId);
    if (!reservation) return undefined;
    this.#reservations.delete(reservationId);
    for (const budgetId of reservation.budgetIds) {
      const state = this.#budgets.get(budgetId);
      if (state) state.reserved = subMoney(state.reserved, reservation.amount);
    }
    return reservation;
  }
}

function spentSince(state: BudgetState, countFrom: number): Decimal {
  if (state.sum?.countFrom === countFrom) return state.sum.spent;
  let spent = ZERO;
  for (const [start, amount] of state.buckets) if (start >= countFrom) spent = addMoney(spent, amount);
  state.sum = { countFrom, spent };
  return spent;
}
