import { type CostController, Decimal, type SpendQuery } from '@apikeyrouter/core';
import type { SpendPoint } from './state-types.js';

const HOUR = 3_600_000;
/** Most points in a series: a long budget window is sampled in coarser steps. */
const MAX_POINTS = 48;

/**
 * Spend of a scope per step over `[from, to)`, with running totals. The ledger keeps hourly totals, so steps are
 * whole hours (UTC-aligned); a window longer than 48 hours is sampled in longer steps.
 *
 * @example
 * await spendPoints(router.costController, { scope: 'global' }, now - 24 * 3_600_000, now);
 */
export async function spendPoints(
  costs: Pick<CostController, 'getSpend'>,
  scope: Pick<SpendQuery, 'scope' | 'scopeId'>,
  from: number,
  to: number,
): Promise<SpendPoint[]> {
  const start = Math.floor(from / HOUR) * HOUR;
  const hours = Math.max(1, Math.ceil((to - start) / HOUR));
  const step = Math.ceil(hours / MAX_POINTS) * HOUR;
  const points: SpendPoint[] = [];
  let cumulative = new Decimal(0);
  for (let at = start; at < to; at += step) {
    const { total } = await costs.getSpend({ ...scope, from: at, to: Math.min(at + step, to) });
    cumulative = cumulative.plus(total);
    points.push({ at, spend: total.toString(), cumulative: cumulative.toString() });
  }
  return points;
}
