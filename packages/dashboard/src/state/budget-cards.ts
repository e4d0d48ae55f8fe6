import type { ApiKeyRouter, Budget } from '@apikeyrouter/core';
import { spendPoints } from './spend-series.js';
import type { BudgetCard } from './state-types.js';

/** Budgets shown at most: the dashboard is for people, and each card costs ledger queries. */
const MAX_BUDGETS = 100;
const DAY = 86_400_000;

function nameOf(budget: Budget): string {
  return (
    budget.name ?? (budget.scope === 'global' ? 'all traffic' : `${budget.scope} ${budget.scopeId ?? ''}`)
  );
}

/**
 * Budget cards: spent, reserved and remaining against the limit, the hourly burn-down since the window started
 * and the spend forecast at reset.
 *
 * @example
 * const cards = await budgetCards(router, router.clock.now());
 */
export async function budgetCards(router: ApiKeyRouter, now: number): Promise<BudgetCard[]> {
  const cards: BudgetCard[] = [];
  for (const budget of router.costController.listBudgets().slice(0, MAX_BUDGETS)) {
    const status = await router.costController.getBudgetStatus(budget.id);
    const from = Math.max(status.windowStart ?? budget.createdAt, budget.createdAt, now - 31 * DAY);
    const scope =
      budget.scope === 'global' ? { scope: budget.scope } : { scope: budget.scope, scopeId: budget.scopeId };
    const card: BudgetCard = {
      id: budget.id,
      name: nameOf(budget),
      scope: budget.scope === 'global' ? 'global' : `${budget.scope}:${budget.scopeId}`,
      enforcementMode: budget.enforcementMode,
      limit: budget.limit.toString(),
      spent: status.spent.toString(),
      reserved: status.reserved.toString(),
      remaining: status.remaining.toString(),
      burn: await spendPoints(router.costController, scope, from, now + 1),
    };
    if (status.windowStart !== undefined) card.windowStart = status.windowStart;
    if (status.resetAt !== undefined) card.resetAt = status.resetAt;
    if (status.projectedSpendAtReset !== undefined) card.forecast = status.projectedSpendAtReset.toString();
    cards.push(card);
  }
  return cards;
}
