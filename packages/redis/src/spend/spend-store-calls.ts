import type { BudgetScope } from '@apikeyrouter/core';
import type { BudgetRecord, DecimalString, SpendSeries } from '@apikeyrouter/core/store';
import type { RedisConnection } from '../connection/redis-connection.js';
import {
  SPEND_BETWEEN,
  SPEND_CLAIM,
  SPEND_PUT_BUDGET,
  SPEND_REMOVE_BUDGET,
} from '../scripts/spend-budget-lua.js';
import type { SpendReplica } from './spend-replica.js';

// The spend store's calls that touch no holds: budget puts and removes, threshold claims and series reads.

const HOUR_MS = 3_600_000;

/**
 * Where a spend store's data lives: its connection, base key (`<prefix>:{<prefix>:spend}`) and change channel.
 *
 * @example
 * const at: SpendPlace = { connection, base: 'akr:{akr:spend}', channel: 'akr:spend-changes' };
 */
export interface SpendPlace {
  connection: RedisConnection;
  base: string;
  channel: string;
}

/**
 * Creates or replaces a budget; the replica applies the change at once (its message is then skipped).
 *
 * @example
 * await putBudget(at, replica, { id: 'b1', scope: 'global', limit: '10', period: 'total', enforcementMode: 'hard', createdAt: 0 });
 */
export async function putBudget(at: SpendPlace, replica: SpendReplica, budget: BudgetRecord): Promise<void> {
  const payload = await at.connection.run<string>(
    SPEND_PUT_BUDGET,
    [at.base],
    [at.channel, budget.id, JSON.stringify(budget)],
  );
  replica.applyReply(payload);
}

/**
 * Deletes a budget with its spend and claims; false when it did not exist.
 *
 * @example
 * await removeBudget(at, replica, 'b1'); // true
 */
export async function removeBudget(at: SpendPlace, replica: SpendReplica, id: string): Promise<boolean> {
  const reply = await at.connection.run<[number, string]>(SPEND_REMOVE_BUDGET, [at.base], [at.channel, id]);
  replica.applyReply(reply[1]);
  return Number(reply[0]) === 1;
}

/**
 * Spend and request count of a series over the hours overlapping `[from, to)`, read in one script.
 *
 * @example
 * await spendBetween(at, { dimension: 'global', id: '*' }, from, to); // { total: '1.5', requests: 3 }
 */
export async function spendBetween(
  at: SpendPlace,
  series: SpendSeries,
  from: number,
  to: number,
): Promise<{ total: DecimalString; requests: number }> {
  const firstHour = Math.floor(from / HOUR_MS) * HOUR_MS;
  const reply = await at.connection.run<[string, number]>(
    SPEND_BETWEEN,
    [at.base],
    [at.channel, `${series.dimension}\u0000${series.id}`, firstHour, to],
  );
  return { total: reply[0], requests: Number(reply[1]) };
}

/**
 * Ids of the series kept for a dimension.
 *
 * @example
 * await seriesIds(at, 'model'); // ['gpt-4o-mini']
 */
export async function seriesIds(at: SpendPlace, dimension: BudgetScope): Promise<string[]> {
  const names = await at.connection.bounded('spend.seriesIds', () =>
    at.connection.client.zrange(`${at.base}:si`, '0', '-1'),
  );
  const prefix = `${dimension}\u0000`;
  return names.filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length));
}

/**
 * Marks the `reached` thresholds of a budget's window as fired and returns those not fired before (see
 * `SpendStore.claimThresholds`).
 *
 * @example
 * await claimThresholds(at, 'b1', 'w1', [0.5], false); // [0.5]
 */
export async function claimThresholds(
  at: SpendPlace,
  budgetId: string,
  windowKey: string,
  reached: number[],
  rearm: boolean,
): Promise<number[]> {
  // Nothing to claim and nothing to re-arm: the script would only note the window, which the next claim
  // does anyway; skipping it saves a round trip on every commit.
  if (reached.length === 0 && !rearm) return [];
  const reply = await at.connection.run<string[]>(
    SPEND_CLAIM,
    [at.base],
    [at.channel, budgetId, windowKey, rearm ? '1' : '0', ...reached.map(String)],
  );
  return reply.map(Number);
}

/**
 * Forgets a budget's threshold claims.
 *
 * @example
 * await resetThresholds(at, 'b1');
 */
export async function resetThresholds(at: SpendPlace, budgetId: string): Promise<void> {
  const key = `${at.base}:t:${budgetId}`;
  await at.connection.bounded('spend.resetThresholds', () => at.connection.client.del(key));
}
