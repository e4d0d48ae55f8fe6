import { estimateUsage } from '../estimate/estimate-usage.js';
import { parseIntent } from '../intent/parse-intent.js';
import { filterCandidates } from '../routing/candidate-filter.js';
import { CandidateSet, type PickedCandidate } from '../routing/candidate-set.js';
import { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import { capabilityNeeds } from '../routing/intent-needs.js';
import { resolveModelTarget } from '../routing/model-target.js';
import { resolveObjective } from '../routing/objective.js';
import { scoreCandidates } from '../routing/score-candidates.js';
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
  let best: PickedCandidate | undefined;
  let runnerUp: PickedCandidate | undefined;
  for (let tier = 0; tier < chain.length && !best; tier++) {
    const model = chain[tier] as string;
    if (tier > 0) fallbacks.push(model);
    const ctx = {
      registry: core.registry,
      providers: core.providers,
      quota: core.quota,
      costs: core.costs,
      now,
      estimate,
      needs: capabilityNeeds(intent, intent.stream ?? false),
      objective,
      tags: intent.tags,
      excluded: new Map(),
      deadline: now + (intent.deadlineMs ?? core.defaults.deadlineMs),
      downgrade: undefined as string[] | undefined,
    };
    const candidates = new CandidateSet();
    filterCandidates(ctx, resolveModelTarget(model, core.providers, intent.providerId), candidates);
    let at = tier + 1;
    for (const extra of ctx.downgrade ?? []) if (!chain.includes(extra)) chain.splice(at++, 0, extra);
    const ranking = scoreCandidates(candidates, objective, core.quality);
    best = ranking.best >= 0 ? candidates.pick(ranking.best) : undefined;
    runnerUp = ranking.runnerUp >= 0 ? candidates.pick(ranking.runnerUp) : undefined;
    sets.push(candidates);
  }
  const explanation = new RoutingExplanation({
    requestId: `dry_${++dryRuns}`,
    model: intent.model,
    dryRun: true,
    objective: { name: objective.name, weights: objective.weights },
    candidates: () => sets.flatMap((set) => set.explain()),
    fallbackModels: fallbacks,
    attempts: [],
  });
  if (best) explanation.chosenKeyId = best.keyId;
  if (runnerUp) {
    explanation.runnerUpKeyId = runnerUp.keyId;
    explanation.margin = (best?.total ?? 0) - runnerUp.total;
  }
  return explanation;
}
