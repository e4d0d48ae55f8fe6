import { Decimal } from 'decimal.js';
import type { BudgetRecord, DecimalString, SpendLine, SpendStore } from '../../store/spend-store.js';
import type { Budget } from '../budget-types.js';
import { ZERO } from '../money.js';
import type { LedgerLine, LineTotals, ReserveOutcome, SpendLedger, SpendSeries } from './spend-ledger.js';

/** Reads a store's decimal string, reusing the last Decimal read from the same string (hot path: `check`). */
class DecimalReader {
  #text = '0';
  #value: Decimal = ZERO;

  read(text: DecimalString): Decimal {
    if (text !== this.#text) {
      this.#text = text;
      this.#value = new Decimal(text);
    }
    return this.#value;
  }
}

function toRecord(budget: Budget): BudgetRecord {
  const record: BudgetRecord = { ...budget, limit: budget.limit.toFixed() };
  if (typeof budget.period === 'object') record.period = { ...budget.period };
  return record;
}

function toLine(line: LedgerLine): SpendLine {
  const out: SpendLine = {
    budgetId: line.budgetId,
    countFrom: line.countFrom,
    bucketStart: line.bucketStart,
  };
  if (line.limit !== undefined) out.limit = line.limit.toFixed();
  if (line.strict === true) out.strict = true;
  return out;
}

/**
 * The cost controller's Decimal view of a {@link SpendStore}: converts budgets and amounts to and from the
 * store's plain records (decimal strings), memoising the conversions the per-candidate `check` repeats.
 *
 * @example
 * const ledger = new StoreLedger(new MemorySpendStore());
 */
export class StoreLedger implements SpendLedger {
  readonly #store: SpendStore;
  readonly #budgets = new WeakMap<BudgetRecord, Budget>();
  readonly #spent = new Map<string, DecimalReader>();
  readonly #reserved = new Map<string, DecimalReader>();

  constructor(store: SpendStore) {
    this.#store = store;
  }

  putBudget(budget: Budget): Promise<void> {
    return this.#store.putBudget(toRecord(budget));
  }

  removeBudget(id: string): Promise<boolean> {
    this.#spent.delete(id);
    this.#reserved.delete(id);
    return this.#store.removeBudget(id);
  }

  getBudget(id: string): Budget | undefined {
    const record = this.#store.getBudget(id);
    return record === undefined ? undefined : this.#budget(record);
  }

  listBudgets(): Budget[] {
    return this.#store.listBudgets().map((record) => this.#budget(record));
  }

  totals(budgetId: string, countFrom: number): { spent: Decimal; reserved: Decimal } {
    const totals = this.#store.totals(budgetId, countFrom);
    return {
      spent: reader(this.#spent, budgetId).read(totals.spent),
      reserved: reader(this.#reserved, budgetId).read(totals.reserved),
    };
  }

  async reserve(request: {
    reservationId: string;
    amount: Decimal;
    lines: LedgerLine[];
    series: SpendSeries[];
    at: number;
    expiresAt: number;
  }): Promise<ReserveOutcome> {
    const outcome = await this.#store.reserve({
      reservationId: request.reservationId,
      amount: request.amount.toFixed(),
      lines: request.lines.map(toLine),
      series: request.series,
      at: request.at,
      expiresAt: request.expiresAt,
    });
    if (outcome.ok || 'stale' in outcome) return outcome;
    const failed: LineTotals[] = outcome.failed.map((line) => ({
      budgetId: line.budgetId,
      spent: new Decimal(line.spent),
      reserved: new Decimal(line.reserved),
    }));
    return { ok: false, failed };
  }

  async commit(request: {
    reservationId: string;
    actual: Decimal;
    lines: LedgerLine[];
    at: number;
  }): Promise<Map<string, Decimal> | undefined> {
    const spent = await this.#store.commit({
      reservationId: request.reservationId,
      actual: request.actual.toFixed(),
      lines: request.lines.map(toLine),
      at: request.at,
    });
    if (spent === undefined) return undefined;
    return new Map(Object.entries(spent).map(([id, text]) => [id, new Decimal(text)]));
  }

  release(reservationId: string, now: number): Promise<boolean> {
    return this.#store.release(reservationId, now);
  }

  claimThresholds(budgetId: string, windowKey: string, reached: number[], rearm: boolean): Promise<number[]> {
    return this.#store.claimThresholds(budgetId, windowKey, reached, rearm);
  }

  resetThresholds(budgetId: string): Promise<void> {
    return this.#store.resetThresholds(budgetId);
  }

  async spendBetween(
    series: SpendSeries,
    from: number,
    to: number,
  ): Promise<{ total: Decimal; requests: number }> {
    const part = await this.#store.spendBetween(series, from, to);
    return { total: new Decimal(part.total), requests: part.requests };
  }

  seriesIds(dimension: SpendSeries['dimension']): Promise<string[]> {
    return this.#store.seriesIds(dimension);
  }

  #budget(record: BudgetRecord): Budget {
    let budget = this.#budgets.get(record);
    if (budget === undefined) {
      budget = { ...record, limit: new Decimal(record.limit) };
      if (typeof record.period === 'object') budget.period = { ...record.period };
      this.#budgets.set(record, budget);
    }
    return budget;
  }
}

function reader(readers: Map<string, DecimalReader>, budgetId: string): DecimalReader {
  let found = readers.get(budgetId);
  if (found === undefined) {
    found = new DecimalReader();
    readers.set(budgetId, found);
  }
  return found;
}
