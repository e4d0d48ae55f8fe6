import type { AffinityExplanation } from '../affinity/affinity-types.js';
import { decideCandidates, insertAfter } from '../execution/decide-candidates.js';
import { explainDecision } from '../execution/decision-explanation.js';
import type { ValidatedInputs } from '../request/prepare-inputs.js';
import type { RoutableIntent } from '../request/prepared-request.js';
import type { RouterCore } from '../router/router-core.js';
import type { CandidateSet, PickedCandidate } from '../routing/candidate-set.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import { resolveModelTarget } from '../routing/model-target.js';

let dryRuns = 0;

/**
 * Explains where a validated intent would go, model by model down the fallback chain until one has an
 * eligible key, without reserving or calling anything: the same decision `route()` makes.
 *
 * @example
 * const why = dryRunExplanation(core, validateChat(core, intent, 'cost', undefined, false));
 */
export function dryRunExplanation(
  core: RouterCore,
  inputs: ValidatedInputs<RoutableIntent>,
): RoutingExplanation {
  const { intent, objective, shape } = inputs;
  const now = core.clock.now();
  const chain = [intent.model, ...(intent.fallbackModels ?? [])];
  const sets: CandidateSet[] = [];
  const fallbacks: string[] = [];
  const decisionInput = {
    now,
    estimate: shape.estimate,
    needs: shape.needs,
    objective,
    tags: intent.tags,
    excluded: new Map(),
    deadline: now + (inputs.options.deadlineMs ?? intent.deadlineMs ?? core.defaults.deadlineMs),
    affinity: core.affinity.digestOf(intent),
    dryRun: true,
  };
  let best: PickedCandidate | undefined;
  let runnerUp: PickedCandidate | undefined;
  let affinity: AffinityExplanation | undefined;
  for (let tier = 0; tier < chain.length && !best; tier++) {
    const model = chain[tier] as string;
    if (tier > 0) fallbacks.push(model);
    const decision = decideCandidates(
      core,
      decisionInput,
      resolveModelTarget(model, core.providers, intent.providerId),
    );
    if (decision.downgrade) insertAfter(chain, tier, decision.downgrade);
    ({ best, runnerUp, affinity } = decision);
    sets.push(decision.candidates);
  }
  const request = { requestId: `dry_${++dryRuns}`, intent, objective, attempts: [] };
  const explanation = explainDecision(request, sets, best, runnerUp, fallbacks, true, core.degradedStores());
  if (affinity) explanation.affinity = affinity;
  return explanation;
}
