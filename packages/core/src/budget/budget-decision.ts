import type { Decimal } from 'decimal.js';
import type { BlockingBudget, Budget, BudgetDecision, SpendContext } from './budget-types.js';
import { addMoney, subMoney, ZERO } from './money.js';
import { modelMatches } from './pricing/model-candidates.js';

/**
 * A budget with its current window's spend and holds.
 *
 * @example
 * const standing: BudgetStanding = { budget, spent: new Decimal('4'), reserved: new Decimal('0.5') };
 */
export interface BudgetStanding {
  /** The budget. @example budget */
  budget: Budget;
  /** Committed spend in its current window. @example new Decimal('4') */
  spent: Decimal;
  /** Held by open reservations. @example new Decimal('0.5') */
  reserved: Decimal;
}

/**
 * How a budget takes part in a request costing at most `maxCost`:
 * - `cap`: it can refuse the request (hard budgets; downgrade budgets unless the request already uses one of
 *   their cheaper models);
 * - `unknown`: it refuses because the price is unknown (hard, without `allowUnknownCost`);
 * - `track`: it only records (soft budgets, and downgrade budgets that cannot judge an unknown price).
 *
 * @example
 * budgetRole(budget, context, maxCost); // 'cap'
 */
export function budgetRole(
  budget: Budget,
  context: SpendContext,
  maxCost: Decimal | undefined,
): 'cap' | 'unknown' | 'track' {
  if (budget.enforcementMode === 'soft') return 'track';
  if (budget.enforcementMode === 'downgrade') {
    if (maxCost === undefined) return 'track';
    const alreadyCheaper = (budget.downgradeTo ?? []).some((model) =>
      modelMatches(model, context.model, context.providerId),
    );
    return alreadyCheaper ? 'track' : 'cap';
  }
  if (maxCost === undefined && budget.allowUnknownCost !== true) return 'unknown';
  return 'cap';
}

/**
 * Whether `amount` fits a capped budget: `spent + reserved + amount <= limit`; for an unknown price (which
 * holds nothing) the budget must have room left (`spent + reserved < limit`).
 *
 * @example
 * fits({ budget, spent, reserved }, maxCost); // true
 */
export function fits(standing: BudgetStanding, maxCost: Decimal | undefined): boolean {
  const after = addMoney(standing.spent, standing.reserved, maxCost ?? ZERO);
  return maxCost === undefined
    ? after.lessThan(standing.budget.limit)
    : after.lessThanOrEqualTo(standing.budget.limit);
}

function blockingOf(standing: BudgetStanding): BlockingBudget {
  const { budget } = standing;
  const left = subMoney(budget.limit, addMoney(standing.spent, standing.reserved));
  const blocking: BlockingBudget = {
    budgetId: budget.id,
    scope: budget.scope,
    limit: budget.limit,
    remaining: left.isNegative() ? ZERO : left,
  };
  if (budget.name !== undefined) blocking.name = budget.name;
  if (budget.scopeId !== undefined) blocking.scopeId = budget.scopeId;
  return blocking;
}

/**
 * The decision for a request given the standing of every budget it matches, and which of those refuse it.
 * Precedence: unknown price on a hard budget, then hard budgets that would be exceeded, then the downgrade
 * budget with the least room left.
 *
 * @example
 * decide(standings, context, maxCost); // { ok: false, reason: 'exceeds', blocking: [...], estimate }
 */
export function decide(
  standings: readonly BudgetStanding[],
  context: SpendContext,
  maxCost: Decimal | undefined,
): BudgetDecision {
  const unknown = standings.filter((s) => budgetRole(s.budget, context, maxCost) === 'unknown');
  if (unknown.length > 0)
    return { ok: false, reason: 'unknown_cost', budgetIds: unknown.map((s) => s.budget.id) };
  const over = standings.filter((s) => budgetRole(s.budget, context, maxCost) === 'cap' && !fits(s, maxCost));
  const hard = over.filter((s) => s.budget.enforcementMode === 'hard');
  const estimate = maxCost ?? ZERO;
  if (hard.length > 0) return { ok: false, reason: 'exceeds', blocking: hard.map(blockingOf), estimate };
  const downgrade = over
    .filter((s) => s.budget.enforcementMode === 'downgrade')
    .sort((a, b) => blockingOf(a).remaining.comparedTo(blockingOf(b).remaining))[0];
  if (downgrade) {
    return {
      ok: false,
      reason: 'downgrade',
      budgetId: downgrade.budget.id,
      downgradeTo: [...(downgrade.budget.downgradeTo ?? [])],
      estimate,
    };
  }
  return { ok: true };
}
