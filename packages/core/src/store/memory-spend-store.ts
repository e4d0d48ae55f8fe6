import { Decimal } from 'decimal.js';
import { addMoney, subMoney, ZERO } from '../budget/money.js';
import { HourlySpend, type HourlySpendOptions } from './hourly-spend.js';
import type {
  BudgetRecord,
  BudgetScope,
  DecimalString,
  SpendLine,
  SpendLineTotals,
  SpendReserveRequest,
  SpendReserveResult,
  SpendSeries,
  SpendStore,
} from './spend-store.js';

interface BudgetState {
  budget: BudgetRecord;
  /** Spend per bucket start; buckets before the current window are pruned on commit. */
  buckets: Map<number, Decimal>;
  reserved: Decimal;
  thresholdWindow: string | undefined;
  claimed: Set<number>;
  /** Last computed window sum; rolling windows sum up to 100 buckets and `check` runs per candidate. */
  sum: { countFrom: number; spent: Decimal; text: string } | undefined;
  reservedText: string;
}

interface OpenReservation {
  /** What the hold takes from each budget it holds on (parsed only when there is one). */
  amount: Decimal;
  budgetIds: Set<string>;
  series: SpendSeries[];
  expiresAt: number;
}

/**
 * Options of {@link MemorySpendStore}.
 *
 * @example
 * new MemorySpendStore({ retentionMs: 7 * 86_400_000 });
 */
export type MemorySpendStoreOptions = HourlySpendOptions;

/**
 * The in-process {@link SpendStore}. Every write runs synchronously inside its async method, so on one event
 * loop each is atomic: no other reserve can interleave between the check and the hold. The replica reads are
 * the store itself. Bounded: one state per budget, one entry per live reservation (expired ones are swept),
 * hourly series pruned by `retentionMs`.
 *
 * @example
 * const spend = new MemorySpendStore();
 * const router = new ApiKeyRouter({ stores: { spend } });
 */
export class MemorySpendStore implements SpendStore {
  readonly #budgets = new Map<string, BudgetState>();
  readonly #reservations = new Map<string, OpenReservation>();
  readonly #hours: HourlySpend;
  /** No live reservation expires before this epoch ms (may be early, never late). */
  #nextExpiry = Number.POSITIVE_INFINITY;

  constructor(options: MemorySpendStoreOptions = {}) {
    this.#hours = new HourlySpend(options);
  }

  async putBudget(budget: BudgetRecord): Promise<void> {
    const record = structuredClone(budget);
    const state = this.#budgets.get(budget.id);
    if (state) state.budget = record;
    else {
      this.#budgets.set(budget.id, {
        budget: record,
        buckets: new Map(),
        reserved: ZERO,
        reservedText: '0',
        thresholdWindow: undefined,
        claimed: new Set(),
        sum: undefined,
      });
    }
  }

  async removeBudget(id: string): Promise<boolean> {
    // Live holds let go of the budget, so one recreated under the same id never sees them settle.
    for (const reservation of this.#reservations.values()) reservation.budgetIds.delete(id);
    return this.#budgets.delete(id);
  }

  getBudget(id: string): BudgetRecord | undefined {
    return this.#budgets.get(id)?.budget;
  }

  listBudgets(): BudgetRecord[] {
    const budgets: BudgetRecord[] = [];
    for (const state of this.#budgets.values()) budgets.push(state.budget);
    return budgets;
  }

  totals(budgetId: string, countFrom: number): { spent: DecimalString; reserved: DecimalString } {
    const state = this.#budgets.get(budgetId);
    if (!state) return { spent: '0', reserved: '0' };
    return { spent: spentSince(state, countFrom).text, reserved: state.reservedText };
  }

  async reserve(request: SpendReserveRequest): Promise<SpendReserveResult> {
    this.#sweep(request.at);
    if (this.#reservations.has(request.reservationId)) return { ok: true };
    // Most requests match no budget: parse the amount only when a line needs it (hot path).
    const amount = request.lines.length > 0 ? new Decimal(request.amount) : ZERO;
    const failed: SpendLineTotals[] = [];
    const held: BudgetState[] = [];
    for (const line of request.lines) {
      const state = this.#budgets.get(line.budgetId);
      if (!state) continue;
      held.push(state);
      if (line.limit === undefined) continue;
      const spent = spentSince(state, line.countFrom);
      const after = addMoney(spent.spent, state.reserved, amount);
      const fits = line.strict ? after.lessThan(line.limit) : after.lessThanOrEqualTo(line.limit);
      if (!fits) failed.push({ budgetId: line.budgetId, spent: spent.text, reserved: state.reservedText });
    }
    if (failed.length > 0) return { ok: false, failed };
    for (const state of held) setReserved(state, addMoney(state.reserved, amount));
    this.#reservations.set(request.reservationId, {
      amount,
      budgetIds: new Set(held.map((state) => state.budget.id)),
      series: request.series.map((one) => ({ dimension: one.dimension, id: one.id })),
      expiresAt: request.expiresAt,
    });
    this.#nextExpiry = Math.min(this.#nextExpiry, request.expiresAt);
    return { ok: true };
  }

  async commit(request: {
    reservationId: string;
    actual: DecimalString;
    lines: SpendLine[];
    at: number;
  }): Promise<Record<string, DecimalString> | undefined> {
    this.#sweep(request.at);
    const reservation = this.#take(request.reservationId);
    if (!reservation) return undefined;
    const actual = request.actual === '0' ? ZERO : new Decimal(request.actual);
    const spent: Record<string, DecimalString> = {};
    for (const line of request.lines) {
      const state = this.#budgets.get(line.budgetId);
      if (!state || !reservation.budgetIds.has(line.budgetId)) continue;
      for (const start of state.buckets.keys()) if (start < line.countFrom) state.buckets.delete(start);
      state.buckets.set(line.bucketStart, addMoney(state.buckets.get(line.bucketStart) ?? ZERO, actual));
      state.sum = undefined;
      spent[line.budgetId] = spentSince(state, line.countFrom).text;
    }
    this.#hours.add(reservation.series, actual, request.at);
    return spent;
  }

  async release(reservationId: string, now: number): Promise<boolean> {
    this.#sweep(now);
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
    const fresh = [...new Set(reached)].filter((threshold) => !state.claimed.has(threshold));
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
  ): Promise<{ total: DecimalString; requests: number }> {
    const { total, requests } = this.#hours.between(series, from, to);
    return { total: total.toFixed(), requests };
  }

  async seriesIds(dimension: BudgetScope): Promise<string[]> {
    return this.#hours.ids(dimension);
  }

  /**
   * Hourly buckets held across all series (for memory-bound tests).
   * @example spend.hourlyBucketCount; // 24
   */
  get hourlyBucketCount(): number {
    return this.#hours.bucketCount;
  }

  /**
   * Live reservations (for leak checks).
   * @example spend.openReservations; // 0 when every request committed or released
   */
  get openReservations(): number {
    return this.#reservations.size;
  }

  #sweep(now: number): void {
    if (now < this.#nextExpiry) return;
    this.#nextExpiry = Number.POSITIVE_INFINITY;
    for (const [id, reservation] of this.#reservations) {
      if (reservation.expiresAt <= now) this.#take(id);
      else this.#nextExpiry = Math.min(this.#nextExpiry, reservation.expiresAt);
    }
  }

  #take(reservationId: string): OpenReservation | undefined {
    const reservation = this.#reservations.get(reservationId);
    if (!reservation) return undefined;
    this.#reservations.delete(reservationId);
    for (const budgetId of reservation.budgetIds) {
      const state = this.#budgets.get(budgetId);
      if (state) setReserved(state, subMoney(state.reserved, reservation.amount));
    }
    return reservation;
  }
}

function setReserved(state: BudgetState, reserved: Decimal): void {
  state.reserved = reserved;
  state.reservedText = reserved.toFixed();
}

function spentSince(state: BudgetState, countFrom: number): { spent: Decimal; text: string } {
  if (state.sum?.countFrom === countFrom) return state.sum;
  let spent = ZERO;
  for (const [start, amount] of state.buckets) if (start >= countFrom) spent = addMoney(spent, amount);
  state.sum = { countFrom, spent, text: spent.toFixed() };
  return state.sum;
}
