import { createHash } from 'node:crypto';
import type { BudgetInput, Clock } from '@apikeyrouter/core';
import { CostController } from '@apikeyrouter/core';
import type { BudgetRecord, SpendStore } from '@apikeyrouter/core/store';

/** Id prefix of budgets the config owns; budgets created through the admin API never carry it. */
export const CONFIG_BUDGET_PREFIX = 'budget_config_';

/** A budget the config asks for, with the config path problems are reported under. */
export interface ConfigBudget {
  /** Config path, e.g. `budgets.0` or `virtualKeys.2.budget`. */
  path: string;
  /** The budget. */
  input: BudgetInput;
}

/**
 * A stable id for a config budget: what it covers and its window (not its limit or mode, so editing those
 * keeps the spend counted so far), plus its rank among config budgets with the same cover and window.
 * Every replica and every reload derives the same id, which is what lets them share one budget record.
 */
function configBudgetId(input: BudgetInput, rank: number): string {
  const identity = JSON.stringify([
    input.scope,
    input.scopeId ?? '',
    input.period,
    input.timezone ?? 'UTC',
    rank,
  ]);
  return `${CONFIG_BUDGET_PREFIX}${createHash('sha256').update(identity).digest('hex').slice(0, 24)}`;
}

/**
 * Writes the config's budgets into the spend store under stable ids and removes config budgets the config no
 * longer has, leaving budgets made through the admin API alone. Because the ids are stable, a reload, a
 * restart on Redis or a second replica finds the same records, and the spend already counted against them
 * stays counted. Each input is validated by the core (a scratch cost controller); invalid ones are returned
 * with their path and nothing is written.
 *
 * @example
 * const problems = await syncConfigBudgets(stores.spend, [{ path: 'budgets.0', input }], clock);
 */
export async function syncConfigBudgets(
  store: SpendStore,
  budgets: readonly ConfigBudget[],
  clock: Clock,
): Promise<Array<{ path: string; error: unknown }>> {
  const validator = new CostController({ clock });
  const problems: Array<{ path: string; error: unknown }> = [];
  const records: BudgetRecord[] = [];
  const ranks = new Map<string, number>();
  for (const { path, input } of budgets) {
    try {
      const parsed = await validator.createBudget(input);
      const cover = JSON.stringify([input.scope, input.scopeId ?? '', input.period, input.timezone ?? 'UTC']);
      const rank = ranks.get(cover) ?? 0;
      ranks.set(cover, rank + 1);
      const id = configBudgetId(input, rank);
      const { limit, ...rest } = parsed;
      const record: BudgetRecord = { ...rest, id, limit: limit.toFixed() };
      record.createdAt = store.getBudget(id)?.createdAt ?? parsed.createdAt;
      records.push(record);
    } catch (error) {
      problems.push({ path, error });
    }
  }
  if (problems.length > 0) return problems;
  const wanted = new Set(records.map((record) => record.id));
  for (const record of records) {
    const before = store.getBudget(record.id);
    await store.putBudget(record);
    // A new limit or window starts the threshold alerts afresh, as the admin API's update does.
    if (before !== undefined && before.limit !== record.limit) await store.resetThresholds(record.id);
  }
  for (const existing of store.listBudgets()) {
    if (existing.id.startsWith(CONFIG_BUDGET_PREFIX) && !wanted.has(existing.id)) {
      await store.removeBudget(existing.id);
    }
  }
  return problems;
}
