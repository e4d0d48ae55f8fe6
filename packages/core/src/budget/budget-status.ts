import type { Decimal } from 'decimal.js';
import { copyBudget } from './budget-schema.js';
import type { Budget, BudgetStatus } from './budget-types.js';
import { addMoney, maxMoney, scaleMoney, subMoney, ZERO } from './money.js';
import type { BudgetWindow } from './window/budget-window.js';

/**
 * A budget's status at `now` from its window and totals. For calendar windows the projection is
 * `spent × (resetAt − from) / (now − from)` with `from = max(windowStart, createdAt)`: the spend rate so far,
 * measured from when the budget existed (so a budget created mid-window is not diluted), extrapolated to the
 * reset; with no time elapsed it is `spent`.
 *
 * @example
 * budgetStatusOf(budget, window, ledger.totals(budget.id, window.countFrom), clock.now());
 */
export function budgetStatusOf(
  budget: Budget,
  window: BudgetWindow,
  totals: { spent: Decimal; reserved: Decimal },
  now: number,
): BudgetStatus {
  const { spent, reserved } = totals;
  const status: BudgetStatus = {
    budget: copyBudget(budget),
    spent,
    reserved,
    remaining: maxMoney(ZERO, subMoney(budget.limit, addMoney(spent, reserved))),
  };
  if (window.start !== undefined) status.windowStart = window.start;
  if (window.start !== undefined && window.end !== undefined) {
    status.resetAt = window.end;
    const from = Math.max(window.start, budget.createdAt);
    const elapsed = now - from;
    status.projectedSpendAtReset = elapsed > 0 ? scaleMoney(spent, window.end - from, elapsed) : spent;
  }
  return status;
}
