import type { ApiKeyRouter } from '@apikeyrouter/core';
import { budgetCards } from './budget-cards.js';
import type { DecisionLog } from './decision-log.js';
import { keyRows } from './key-rows.js';
import { spendPoints } from './spend-series.js';
import type { DashboardState, SpendSeries } from './state-types.js';

const DAY = 86_400_000;
/** Spend series charted at most. */
const MAX_SERIES = 50;

function spendScopes(
  router: ApiKeyRouter,
  tags: readonly string[],
): Array<{ label: string; scope: 'global' | 'provider' | 'tag'; scopeId?: string }> {
  const scopes: Array<{ label: string; scope: 'global' | 'provider' | 'tag'; scopeId?: string }> = [
    { label: 'global', scope: 'global' },
  ];
  for (const providerId of router.listProviders())
    scopes.push({ label: `provider:${providerId}`, scope: 'provider', scopeId: providerId });
  const tagIds = new Set(tags.filter((t) => typeof t === 'string' && t.includes(':')));
  for (const budget of router.costController.listBudgets()) {
    if (budget.scope === 'tag' && budget.scopeId) tagIds.add(budget.scopeId);
  }
  for (const tag of tagIds) scopes.push({ label: `tag:${tag}`, scope: 'tag', scopeId: tag });
  return scopes.slice(0, MAX_SERIES);
}

/**
 * The whole dashboard state at the router clock's `now`.
 *
 * @example
 * const state = await dashboardState(router, decisions, ['virtualKey:ci']);
 */
export async function dashboardState(
  router: ApiKeyRouter,
  decisions: DecisionLog,
  tags: readonly string[],
): Promise<DashboardState> {
  const now = router.clock.now();
  const spend: SpendSeries[] = [];
  for (const { label, ...scope } of spendScopes(router, tags)) {
    const points = await spendPoints(router.costController, scope, now - DAY, now + 1);
    spend.push({ scope: label, total: points.at(-1)?.cumulative ?? '0', points });
  }
  return {
    now,
    keys: await keyRows(router, now),
    budgets: await budgetCards(router, now),
    spend,
    decisions: decisions.list(),
  };
}
