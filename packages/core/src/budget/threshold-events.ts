import type { Decimal } from 'decimal.js';
import type { Budget, BudgetThresholdEvent } from './budget-types.js';
import type { SpendLedger } from './ledger/spend-ledger.js';
import { mulMoney } from './money.js';
import type { BudgetWindow } from './window/budget-window.js';

/**
 * After a commit: claims every threshold the window's spend has reached (once per window, via the ledger so
 * shared stores fire each once) and reports the new ones to `listener`, in ascending order.
 *
 * @example
 * await fireThresholds(ledger, budget, window, spent, clock.now(), onThreshold);
 */
export async function fireThresholds(
  ledger: SpendLedger,
  budget: Budget,
  window: BudgetWindow,
  spent: Decimal,
  at: number,
  listener: ((event: BudgetThresholdEvent) => void) | undefined,
): Promise<void> {
  // spent > 0 keeps a zero limit from "reaching" its thresholds with no spend at all.
  const reached = (budget.thresholds ?? []).filter(
    (threshold) => spent.greaterThan(0) && spent.greaterThanOrEqualTo(mulMoney(budget.limit, threshold)),
  );
  const fresh = await ledger.claimThresholds(budget.id, window.key, reached, window.kind === 'rolling');
  for (const threshold of fresh) {
    const event: BudgetThresholdEvent = {
      budgetId: budget.id,
      threshold,
      spent,
      limit: budget.limit,
      scope: budget.scope,
      enforcementMode: budget.enforcementMode,
      at,
    };
    if (budget.name !== undefined) event.name = budget.name;
    if (budget.scopeId !== undefined) event.scopeId = budget.scopeId;
    try {
      listener?.(event);
    } catch {
      // A failing listener must not undo or block a commit whose money is already spent.
    }
  }
}
