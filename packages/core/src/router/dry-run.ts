import { estimateUsage } from '../estimate/estimate-usage.js';
import { decideCandidates, insertAfter } from '../execution/decide-candidates.js';
import { explainDecision } from '../execution/decision-explanation.js';
import { parseIntent } from '../intent/parse-intent.js';
import type { CandidateSet, PickedCandidate } from '../routing/candidate-set.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import { capabilityNeeds } from '../routing/intent-needs.js';
import { resolveModelTarget } from '../routing/model-target.js';
import { resolveObjective } from '../routing/objective.js';
import type { RouterCore } from './router-core.js';

let dryRuns = 0;

/**
 * Explains where an intent would go, model by model down the fallback chain until one has an eligible key,
 * without reserving or calling anything.
 *
 * @example
 * const why = dryRunExplanation(core, intent, 'cost');
 */
export function dryRunExplanation(
  core: RouterCore,
  input: unknown,
  objectiveInput: unknown,
): RoutingExplanation {
  const intent = parseIntent(input);
  const objective = resolveObjective(objectiveInput ?? core.defaults.objective);
  const now = core.clock.now();
  const estimate = estimateUsage(intent, { defaultOutputTokens: core.defaults.defaultOutputTokens });
  const chain = [intent.model, ...(intent.fallbackModels ?? [])];
  const sets: CandidateSet[] = [];
  const fallbacks: string[] = [];
  const decisionInput = {
    now,
    estimate,
    needs: capabilityNeeds(intent, intent.stream ?? false),
    objective,
    tags: intent.tags,
    excluded: new Map(),
    deadline: now + (intent.deadlineMs ?? core.defaults.deadlineMs),
  };
  let best: PickedCandidate | undefined;
  let runnerUp: PickedCandidate | undefined;
  for (let tier = 0; tier < chain.length && !best; tier++) {
    const model = chain[tier] as string;
    if (tier > 0) fallbacks.push(model);
    const decision = decideCandidates(
      core,
      decisionInput,
      resolveModelTarget(model, core.providers, intent.providerId),
    );
    if (decision.downgrade) insertAfter(chain, tier, decision.downgrade);
    ({ best, runnerUp } = decision);
    sets.push(decision.candidates);
  }
  const request = { requestId: `dry_${++dryRuns}`, intent, objective, attempts: [] };
  return explainDecision(request, sets, best, runnerUp, fallbacks, true);
}
