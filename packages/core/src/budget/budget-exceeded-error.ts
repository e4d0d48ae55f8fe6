import { BudgetExceededError } from '../errors/specific-errors.js';
import type { BudgetDecision } from './budget-types.js';

/**
 * The refusals {@link budgetExceededError} turns into errors.
 *
 * @example
 * const refusal: BudgetRefusal = { ok: false, reason: 'unknown_cost', budgetIds: ['b1'] };
 */
export type BudgetRefusal = Extract<BudgetDecision, { reason: 'exceeds' | 'unknown_cost' }>;

/**
 * The error the router throws for a refused request. The message names each budget, what it has left and the
 * request's worst-case cost; `details` carries the same with amounts as decimal strings:
 * `{ reason, estimate?, budgets: [{ budgetId, name?, scope, scopeId?, limit?, remaining? }] }`.
 *
 * @example
 * const decision = costs.check(context, maxCost);
 * if (!decision.ok && decision.reason !== 'downgrade') throw budgetExceededError(decision);
 */
export function budgetExceededError(decision: BudgetRefusal): BudgetExceededError {
  if (decision.reason === 'unknown_cost') {
    return new BudgetExceededError(
      `The request's cost is unknown (no price for the model) and hard budget(s) ${decision.budgetIds.join(', ')} ` +
        'do not allow unknown costs; set a price with setModelPrice or allowUnknownCost on the budget',
      {
        code: 'unknown_cost',
        details: { reason: 'unknown_cost', budgets: decision.budgetIds.map((budgetId) => ({ budgetId })) },
      },
    );
  }
  const budgets = decision.blocking.map((b) => ({
    budgetId: b.budgetId,
    ...(b.name === undefined ? {} : { name: b.name }),
    scope: b.scope,
    ...(b.scopeId === undefined ? {} : { scopeId: b.scopeId }),
    limit: b.limit.toString(),
    remaining: b.remaining.toString(),
  }));
  const named = budgets
    .map((b) => {
      const label = b.name === undefined ? b.budgetId : `"${b.name}" (${b.budgetId})`;
      const scope = b.scopeId === undefined ? b.scope : `${b.scope} ${b.scopeId}`;
      return `${label} [${scope}] has $${b.remaining} of $${b.limit} left`;
    })
    .join('; ');
  return new BudgetExceededError(
    `Hard budget would be exceeded: ${named}; the request may cost up to $${decision.estimate.toString()}`,
    { code: 'exceeds', details: { reason: 'exceeds', estimate: decision.estimate.toString(), budgets } },
  );
}
