import type { SpendReserveRequest } from '@apikeyrouter/core/store';
import type { Decimal } from 'decimal.js';
import { exact } from './spend-lease.js';
import type { LeaseBackend } from './spend-lease-settle.js';

/**
 * Whether a reserve may be admitted against a spend lease: budgets checked (not a replay), a positive amount,
 * and no strict line (an unknown-cost request holds nothing and needs Redis's exact `< limit`).
 *
 * @example
 * leasable(request, false, amount); // false: a replay (checkBudgets false) reserves by itself
 */
export function leasable(request: SpendReserveRequest, checkBudgets: boolean, amount: Decimal): boolean {
  if (!checkBudgets || !amount.gt(0)) return false;
  for (const line of request.lines) if (line.strict === true) return false;
  return true;
}

/**
 * The lease key of a reserve: requests share a lease only when their hold would be the same — the same lines
 * (budget, window, bucket, cap), the same series (the lease's settle counts its requests there), decided on
 * the same budget version.
 *
 * @example
 * leaseKey(request, 7); // '7\u0001b1\u00020\u00020\u000210\u0003\u0001global\u0002*'
 */
export function leaseKey(request: SpendReserveRequest, budgetVersion: number): string {
  let key = String(budgetVersion);
  for (const line of request.lines)
    key += `\u0001${line.budgetId}\u0002${line.countFrom}\u0002${line.bucketStart}\u0002${line.limit ?? ''}`;
  key += '\u0003';
  for (const series of request.series) key += `\u0001${series.dimension}\u0002${series.id}`;
  return key;
}

/**
 * How many requests of `amount` the next lease may cover: `wanted`, but on every capped line at most
 * `maxShare` of the headroom the replica sees (limit − spent − reserved), so one lease never takes a budget's
 * last room. 0 when that covers fewer than two requests: then leasing gains nothing, reserve one by one.
 *
 * @example
 * leaseRequests(request, amount, 16, 1 / 16, replica); // 4 when a line has room for 64 requests
 */
export function leaseRequests(
  request: SpendReserveRequest,
  amount: Decimal,
  wanted: number,
  maxShare: number,
  replica: LeaseBackend['replica'],
): number {
  let requests = wanted;
  for (const line of request.lines) {
    if (line.limit === undefined || requests < 2) continue;
    const totals = replica.totals(line.budgetId, line.countFrom);
    const share = exact(line.limit)
      .minus(totals.spent)
      .minus(totals.reserved)
      .times(maxShare)
      .dividedToIntegerBy(amount);
    requests = Math.min(requests, share.toNumber());
  }
  return requests >= 2 ? requests : 0;
}
