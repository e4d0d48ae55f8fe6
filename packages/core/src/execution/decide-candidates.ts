import type { AffinityExplanation } from '../affinity/affinity-types.js';
import type { BudgetRefusal } from '../budget/index.js';
import type { UsageEstimate } from '../estimate/estimate-usage.js';
import type { RouterCore } from '../router/router-core.js';
import { type FilterContext, filterCandidates } from '../routing/candidate-filter.js';
import { CandidateSet, type PickedCandidate } from '../routing/candidate-set.js';
import type { CapabilityNeed } from '../routing/intent-needs.js';
import type { ModelTarget } from '../routing/model-target.js';
import type { ResolvedObjective } from '../routing/objective.js';
import { scoreCandidates } from '../routing/score-candidates.js';

/** What one routing decision depends on besides the router itself. */
export interface DecisionInput {
  now: number;
  estimate: UsageEstimate;
  needs: readonly CapabilityNeed[];
  objective: ResolvedObjective;
  tags: Record<string, string> | undefined;
  excluded: FilterContext['excluded'];
  deadline: number;
  /** True for `explain()`: nothing will be reserved, so the pick stays quiet. */
  dryRun?: boolean;
  /** Prompt-cache affinity digest of the request, if any. */
  affinity?: string | undefined;
}

/** The outcome of one decision for one model. */
export interface Decision {
  candidates: CandidateSet;
  best: PickedCandidate | undefined;
  runnerUp: PickedCandidate | undefined;
  /** Cheaper models a downgrade budget asked for, if any. */
  downgrade: string[] | undefined;
  /** The last refusal of a hard budget, to report when nothing else fits. */
  budgetRefusal: BudgetRefusal | undefined;
  /** What prompt-cache affinity did, for requests with affinity. */
  affinity: AffinityExplanation | undefined;
}

/**
 * Filters and scores the candidates for one model: the one decision both `route()` and the `explain()` dry
 * run make.
 *
 * @example
 * const { best, candidates } = decideCandidates(core, input, { providerId: undefined, model: 'gpt-4o-mini' });
 */
export function decideCandidates(core: RouterCore, input: DecisionInput, target: ModelTarget): Decision {
  const ctx: FilterContext = {
    registry: core.registry,
    providers: core.providers,
    quota: core.quota,
    costs: core.costs,
    health: core.health,
    ...input,
  };
  // The key the prompt prefix is bound to is screened even where a large group would pass it over.
  const bound = core.affinity.boundKey(input.affinity, target.model);
  if (bound !== undefined) ctx.pinned = core.registry.get(bound);
  const candidates = new CandidateSet();
  filterCandidates(ctx, target, candidates);
  const ranking = scoreCandidates(candidates, input.objective, core.quality);
  const affinity = core.affinity.prefer(input.affinity, target.model, candidates, ranking);
  const best = ranking.best >= 0 ? candidates.pick(ranking.best) : undefined;
  // The pick is about to be reserved: from now on its quota and statistics are its own, and it goes to the
  // back of its group's order (least recently picked first).
  if (best && !input.dryRun) core.registry.index.picked(best.record);
  return {
    candidates,
    best,
    runnerUp: ranking.runnerUp >= 0 ? candidates.pick(ranking.runnerUp) : undefined,
    downgrade: ctx.downgrade,
    budgetRefusal: ctx.budgetRefusal,
    affinity,
  };
}

/**
 * Inserts models right after position `index` of a fallback chain, in order, skipping ones already in it.
 *
 * @example
 * insertAfter(chain, tier, ['gpt-4o-mini']);
 */
export function insertAfter(chain: string[], index: number, models: readonly string[]): void {
  let at = index + 1;
  for (const model of models) {
    if (chain.includes(model)) continue;
    chain.splice(at, 0, model);
    at++;
  }
}
