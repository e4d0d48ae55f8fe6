import type { BudgetRefusal } from '../budget/index.js';
import type { PreparedRequest } from '../request/prepared-request.js';
import type { RouterCore } from '../router/router-core.js';
import type { CandidateSet } from '../routing/candidate-set.js';

/**
 * The hard budget refusal awaiting a request that is about to wait, if every key it could wait for would be
 * refused by a budget anyway. The candidate filter checks budgets only for keys with room, so without this a
 * request waited for quota (a minute, for a tokens-per-minute window) only to be refused by the budget then.
 * Returns undefined when some key it waits for passes every budget (or only asks for a downgrade).
 *
 * @example
 * const refusal = budgetRefusalBeforeWait(core, request, state.roundSets);
 * if (refusal) throw budgetExceededError(refusal);
 */
export function budgetRefusalBeforeWait(
  core: RouterCore,
  request: PreparedRequest,
  sets: readonly CandidateSet[],
): BudgetRefusal | undefined {
  if (core.costs.listBudgets().length === 0) return undefined;
  const tags = request.intent.tags ?? {};
  let refusal: BudgetRefusal | undefined;
  for (const set of sets) {
    for (let i = 0; i < set.size; i++) {
      // Only keys the request would wait for: excluded for now, with a time they become usable again.
      if (set.codes[i] === undefined || set.retryAts[i] === undefined) continue;
      const record = set.records[i];
      if (!record) continue;
      const model = set.modelOf(i);
      const maxCost = core.costs.maxCost(model, record.id, request.estimate);
      const decision = core.costs.check(
        { providerId: record.providerId, keyId: record.id, model, tags },
        maxCost,
      );
      if (decision.ok || decision.reason === 'downgrade') return undefined;
      refusal = decision;
    }
  }
  return refusal;
}
