/**
 * A decimal amount of money in USD as a string in plain notation (no exponent), exact: `new Decimal(s)` reads
 * it back without loss.
 *
 * @example
 * const amount: DecimalString = '0.0051';
 */
export type DecimalString = string;

/**
 * What a budget covers: all traffic, one provider, one key, one model, or one tag value.
 *
 * @example
 * const scope: BudgetScope = 'tag'; // with scopeId 'team:search'
 */
export type BudgetScope = 'global' | 'provider' | 'key' | 'model' | 'tag';

/**
 * The window a budget's limit applies to: a calendar period (aligned to the budget's time zone, ISO weeks start
 * on Monday), the budget's whole life (`'total'`), or a sliding window of `rollingMs`.
 *
 * @example
 * const period: BudgetPeriod = { rollingMs: 3_600_000 }; // the last hour, sliding
 */
export type BudgetPeriod = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'total' | { rollingMs: number };

/**
 * What happens when a request would exceed the budget: `hard` refuses it before any money is spent, `soft`
 * lets it through and only reports thresholds, `downgrade` asks the router to use one of `downgradeTo`.
 *
 * @example
 * const mode: EnforcementMode = 'hard';
 */
export type EnforcementMode = 'hard' | 'soft' | 'downgrade';

/**
 * A stored budget definition as a plain record (its limit a decimal string).
 *
 * @example
 * const record: BudgetRecord = {
 *   id: 'budget_1', scope: 'global', limit: '10', period: 'day', enforcementMode: 'hard', createdAt: 0,
 * };
 */
export interface BudgetRecord {
  /** Unique id. @example 'budget_0b6f…' */
  id: string;
  /** What the budget covers. @example 'provider' */
  scope: BudgetScope;
  /** Provider id, key id, model id, or `tagName:value`; absent for `global`. @example 'openai' */
  scopeId?: string;
  /** Limit per window, USD. @example '25.00' */
  limit: DecimalString;
  /** The window. @example 'day' */
  period: BudgetPeriod;
  /** IANA zone calendar windows align to. @example 'Europe/Berlin' */
  timezone?: string;
  /** Enforcement. @example 'soft' */
  enforcementMode: EnforcementMode;
  /** Fractions of the limit that fire a threshold event once per window. @example [0.5, 0.8, 1] */
  thresholds?: number[];
  /** Cheaper models for `downgrade`. @example ['gpt-4o-mini'] */
  downgradeTo?: string[];
  /** Let requests of unknown price through a hard budget while it has room. @example true */
  allowUnknownCost?: boolean;
  /** A human name. @example 'search team, monthly' */
  name?: string;
  /** Epoch ms of creation. @example 1767225600000 */
  createdAt: number;
}

/**
 * One budget's part in a reservation or commit: which window it counts, where new spend goes and, for budgets
 * that can refuse, its cap.
 *
 * @example
 * const line: SpendLine = { budgetId: 'b1', countFrom: windowStart, bucketStart: windowStart, limit: '10' };
 */
export interface SpendLine {
  /** Budget id. @example 'budget_0b6f…' */
  budgetId: string;
  /** Spend in buckets starting at or after this instant is in the budget's current window. @example 1767225600000 */
  countFrom: number;
  /** Bucket that spend committed now is added to. @example 1767225600000 */
  bucketStart: number;
  /** When set, reserving fails unless `spent + reserved + amount <= limit` (`< limit` when `strict`). @example '10' */
  limit?: DecimalString;
  /** Require room strictly below the limit (unknown-cost requests, which hold nothing). @example true */
  strict?: boolean;
}

/**
 * A spend series: one dimension value whose spend is kept per hour (`global` uses id `*`).
 *
 * @example
 * const series: SpendSeries = { dimension: 'tag', id: 'team:search' };
 */
export interface SpendSeries {
  /** What the series is about. @example 'model' */
  dimension: BudgetScope;
  /** Provider id, key id, model id, `tagName:value`, or `*` for global. @example 'gpt-4o-mini' */
  id: string;
}

/**
 * A budget line's totals when a reservation failed on it.
 *
 * @example
 * const totals: SpendLineTotals = { budgetId: 'b1', spent: '9.5', reserved: '0.4' };
 */
export interface SpendLineTotals {
  /** Budget id. @example 'b1' */
  budgetId: string;
  /** Committed spend in the window. @example '9.5' */
  spent: DecimalString;
  /** Held by live reservations. @example '0.4' */
  reserved: DecimalString;
}

/**
 * Outcome of {@link SpendStore.reserve}: held on every line; nothing held and the capped lines that did not fit;
 * or nothing held because the caller's lines came from an out-of-date view of the budgets (`stale`: a shared
 * store whose replica missed a budget created or removed elsewhere; the store has caught up, so the caller
 * decides its lines again from `listBudgets()` and retries).
 *
 * @example
 * const outcome: SpendReserveResult = { ok: false, failed: [{ budgetId: 'b1', spent: '9.5', reserved: '0.4' }] };
 */
export type SpendReserveResult =
  | { ok: true }
  | { ok: false; failed: SpendLineTotals[] }
  | { ok: false; stale: true };

/**
 * Arguments of {@link SpendStore.reserve}.
 *
 * @example
 * const request: SpendReserveRequest = {
 *   reservationId: 'res_1', amount: '0.02', lines: [line], series: [{ dimension: 'global', id: '*' }],
 *   at: 1767225600000, expiresAt: 1767225750000,
 * };
 */
export interface SpendReserveRequest {
  /** Caller-chosen unique id. @example 'res_7f3_1a' */
  reservationId: string;
  /** Held on every line (the worst-case cost; '0' when the price is unknown). @example '0.02' */
  amount: DecimalString;
  /** Every budget the request counts against. */
  lines: SpendLine[];
  /** Series the spend will be recorded under at commit. */
  series: SpendSeries[];
  /** Epoch ms now. @example 1767225600000 */
  at: number;
  /** Epoch ms after which the hold is gone (request deadline plus a margin). @example 1767225750000 */
  expiresAt: number;
}

/**
 * Where budgets, spend and threshold claims live. Amounts are exact decimal strings; records are plain.
 *
 * **Atomic authority** (async, each ONE atomic operation; a Redis store runs each as one server-side script):
 * `putBudget`, `removeBudget`, `reserve`, `commit`, `release`, `claimThresholds`, `resetThresholds`,
 * `spendBetween`, `seriesIds`. Holds expire lazily: a hold whose `expiresAt` is ≤ the `at`/`now` of a later call
 * counts as gone (released, nothing spent). `commit` and `release` act exactly once per reservation; repeating
 * them, or calling them after the hold expired, changes nothing.
 *
 * **Local replica** (synchronous, may be slightly stale): `getBudget`, `listBudgets`, `totals`. They serve
 * `CostController.check`, run per candidate without awaiting. `reserve` re-checks every capped line, so a stale
 * replica can only mis-predict, never overspend. A replica reflects this store object's own writes once they
 * resolve (`putBudget` then `getBudget` sees the budget); other routers' writes may arrive later. Callers must
 * not mutate returned records.
 *
 * @example
 * const spend: SpendStore = new MemorySpendStore();
 * const router = new ApiKeyRouter({ stores: { spend } });
 */
export interface SpendStore {
  /** Creates or replaces a budget definition (its spend and claims stay). */
  putBudget(budget: BudgetRecord): Promise<void>;
  /** Deletes a budget with its spend and claims; live reservations stay valid but no longer touch it. */
  removeBudget(id: string): Promise<boolean>;
  /** Replica read: a stored budget. */
  getBudget(id: string): BudgetRecord | undefined;
  /** Replica read: every stored budget. */
  listBudgets(): BudgetRecord[];
  /** Replica read: a budget's spend in the window starting at `countFrom`, and what live holds hold on it. */
  totals(budgetId: string, countFrom: number): { spent: DecimalString; reserved: DecimalString };
  /**
   * If every capped line fits, holds `amount` on every line of an existing budget and remembers the
   * reservation (with its series); otherwise holds nothing and reports the lines that did not fit. Reserving an
   * id already held is a repeat of a lost reply: `{ ok: true }`, nothing held twice.
   */
  reserve(request: SpendReserveRequest): Promise<SpendReserveResult>;
  /**
   * Forgets the reservation, frees what it held and adds `actual` to each line's bucket (lines of budgets it
   * did not hold on, or that were deleted, are skipped) and to its hourly series at `at`. Returns each updated
   * budget's spend in its window; undefined (nothing done) when the reservation is unknown, settled or expired.
   */
  commit(request: {
    reservationId: string;
    actual: DecimalString;
    lines: SpendLine[];
    at: number;
  }): Promise<Record<string, DecimalString> | undefined>;
  /** Forgets a reservation and frees what it held; false when unknown, settled or expired. */
  release(reservationId: string, now: number): Promise<boolean>;
  /**
   * Marks the `reached` thresholds of the budget's window `windowKey` as fired and returns those not fired
   * before, so each fires once per budget per window across all replicas. A new `windowKey` forgets earlier
   * claims; `rearm` also forgets claims no longer reached (rolling windows, whose spend falls as it ages).
   */
  claimThresholds(budgetId: string, windowKey: string, reached: number[], rearm: boolean): Promise<number[]>;
  /** Forgets a budget's threshold claims (after its limit or window changed). */
  resetThresholds(budgetId: string): Promise<void>;
  /** Spend and request count of a series over the hours overlapping `[from, to)`. */
  spendBetween(
    series: SpendSeries,
    from: number,
    to: number,
  ): Promise<{ total: DecimalString; requests: number }>;
  /** Ids of the series kept for a dimension. */
  seriesIds(dimension: BudgetScope): Promise<string[]>;
}
