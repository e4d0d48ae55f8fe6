import type { Decimal } from 'decimal.js';
import { type BudgetStanding, budgetRole, decide } from './budget-decision.js';
import { budgetMatches, spendSeriesOf } from './budget-matching.js';
import type {
  Budget,
  BudgetDecision,
  BudgetReservation,
  BudgetThresholdEvent,
  SpendContext,
} from './budget-types.js';
import type { LedgerLine, LineTotals, SpendLedger } from './ledger/spend-ledger.js';
import { ZERO } from './money.js';
import { fireThresholds } from './threshold-events.js';
import type { BudgetWindow } from './window/budget-window.js';

/**
 * A budget's ledger line for its current window. With a `context` the line carries the budget's cap when the
 * budget can refuse the request (see `budgetRole`); without one (commits) it only says where spend goes.
 *
 * @example
 * ledgerLine(budget, budgetWindow(budget.period, 'UTC', now), context, maxCost);
 */
export function ledgerLine(
  budget: Budget,
  window: BudgetWindow,
  context?: SpendContext,
  maxCost?: Decimal,
): LedgerLine {
  const line: LedgerLine = {
    budgetId: budget.id,
    countFrom: window.countFrom,
    bucketStart: window.bucketStart,
  };
  if (context && budgetRole(budget, context, maxCost) === 'cap') {
    line.limit = budget.limit;
    // An unknown price holds nothing, so demand room strictly below the limit instead.
    if (maxCost === undefined) line.strict = true;
  }
  return line;
}

/**
 * The standing of each budget in its current window, read from the ledger's synchronous view.
 *
 * @example
 * standingsOf(ledger, budgets, (b) => budgetWindow(b.period, b.timezone ?? 'UTC', now));
 */
export function standingsOf(
  ledger: SpendLedger,
  budgets: readonly Budget[],
  windowOf: (budget: Budget) => BudgetWindow,
): BudgetStanding[] {
  return budgets.map((budget) => ({ budget, ...ledger.totals(budget.id, windowOf(budget).countFrom) }));
}

/**
 * The refusal for the lines a reservation failed on, built from the totals the ledger saw at that moment.
 *
 * @example
 * refusalOf(outcome.failed, budgets, context, maxCost); // { ok: false, reason: 'exceeds', … }
 */
export function refusalOf(
  failed: readonly LineTotals[],
  budgets: readonly Budget[],
  context: SpendContext,
  maxCost: Decimal | undefined,
): Exclude<BudgetDecision, { ok: true }> {
  const standings: BudgetStanding[] = [];
  for (const line of failed) {
    const budget = budgets.find((b) => b.id === line.budgetId);
    if (budget) standings.push({ budget, spent: line.spent, reserved: line.reserved });
  }
  const decision = decide(standings, context, maxCost);
  if (!decision.ok) return decision;
  // Unreachable with a consistent ledger (it only fails lines that do not fit); refuse rather than overspend.
  return { ok: false, reason: 'exceeds', blocking: [], estimate: maxCost ?? ZERO };
}

/**
 * The frozen reservation handed to callers.
 *
 * @example
 * budgetReservationOf('res_1', context, amount, budgets).budgetIds;
 */
export function budgetReservationOf(
  id: string,
  context: SpendContext,
  amount: Decimal,
  budgets: readonly Budget[],
): BudgetReservation {
  return Object.freeze({ id, context, amount, budgetIds: Object.freeze(budgets.map((b) => b.id)) });
}

/**
 * One attempt to hold `cost` on every budget matching `ctx`, as the ledger's budgets stand now: the
 * reservation, a refusal (`unknown_cost`, `exceeds`, `downgrade`), or `stale` when a shared store said the
 * budgets it was given are out of date (the caller decides them again).
 *
 * @example
 * const outcome = await reserveOnce(ledger, { id, ctx, cost, now, expiresAt, window: (b) => windowOf(b, now) });
 */
export async function reserveOnce(
  ledger: SpendLedger,
  request: {
    id: string;
    ctx: SpendContext;
    cost: Decimal | undefined;
    now: number;
    expiresAt: number;
    window: (budget: Budget) => BudgetWindow;
  },
): Promise<
  | { ok: true; reservation: BudgetReservation }
  | { ok: false; decision: Exclude<BudgetDecision, { ok: true }> }
  | 'stale'
> {
  const { id, ctx, cost, now } = request;
  const budgets = ledger.listBudgets().filter((budget) => budgetMatches(budget, ctx));
  const unknown = budgets.filter((budget) => budgetRole(budget, ctx, cost) === 'unknown');
  if (unknown.length > 0)
    return {
      ok: false,
      decision: { ok: false, reason: 'unknown_cost', budgetIds: unknown.map((b) => b.id) },
    };
  const amount = cost ?? ZERO;
  const outcome = await ledger.reserve({
    reservationId: id,
    amount,
    lines: budgets.map((budget) => ledgerLine(budget, request.window(budget), ctx, cost)),
    series: spendSeriesOf(ctx),
    at: now,
    expiresAt: request.expiresAt,
  });
  if (outcome.ok) return { ok: true, reservation: budgetReservationOf(id, ctx, amount, budgets) };
  if ('stale' in outcome) return 'stale';
  return { ok: false, decision: refusalOf(outcome.failed, budgets, ctx, cost) };
}

/**
 * Records a reservation's actual cost against every budget it holds on (in their current windows) and in the
 * spend series, frees its hold and fires the thresholds the new totals reach. A reservation the ledger has
 * already settled changes nothing.
 *
 * @example
 * await commitOnce(ledger, { id: held.id, budgetIds: held.budgetIds }, actual, now, windowOf, onThreshold);
 */
export async function commitOnce(
  ledger: SpendLedger,
  held: { id: string; budgetIds: readonly string[] },
  actual: Decimal,
  now: number,
  windowOf: (budget: Budget) => BudgetWindow,
  onThreshold: ((event: BudgetThresholdEvent) => void) | undefined,
): Promise<void> {
  if (held.budgetIds.length === 0) {
    // No budget holds on it (the common case): only the spend series learn the request.
    await ledger.commit({ reservationId: held.id, actual, lines: [], at: now });
    return;
  }
  const budgets = held.budgetIds
    .map((id) => ledger.getBudget(id))
    .filter((b): b is Budget => b !== undefined);
  const windows = new Map(budgets.map((budget) => [budget.id, windowOf(budget)]));
  const lines = budgets.map((budget) => ledgerLine(budget, windows.get(budget.id) as BudgetWindow));
  const spent = await ledger.commit({ reservationId: held.id, actual, lines, at: now });
  if (!spent) return;
  for (const budget of budgets) {
    const total = spent.get(budget.id);
    const window = windows.get(budget.id);
    if (total && window) await fireThresholds(ledger, budget, window, total, now, onThreshold);
  }
}
