import type { RouterError } from '../errors/router-error.js';
import type { PreparedRequest } from '../request/prepared-request.js';
import type { CandidateSet, PickedCandidate } from '../routing/candidate-set.js';
import { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import type { StoreAvailability } from '../store/store-availability.js';

/**
 * Builds the explanation of the current decision; candidate objects are materialised only when read.
 *
 * @example
 * const explanation = explainDecision(request, [set], best, runnerUp, []);
 */
export function explainDecision(
  request: Pick<PreparedRequest, 'requestId' | 'objective' | 'attempts'> & { intent: { model: string } },
  sets: readonly CandidateSet[],
  best: PickedCandidate | undefined,
  runnerUp: PickedCandidate | undefined,
  fallbacks: string[],
  dryRun = false,
  degradedStores: StoreAvailability[] = [],
): RoutingExplanation {
  const explanation = new RoutingExplanation({
    requestId: request.requestId,
    model: request.intent.model,
    dryRun,
    objective: { name: request.objective.name, weights: request.objective.weights },
    candidates:
      sets.length === 1
        ? () => (sets[0] as CandidateSet).explain()
        : () => sets.flatMap((set) => set.explain()),
    fallbackModels: fallbacks,
    attempts: request.attempts,
    degradedStores,
    decisionMicros: sets.reduce((sum, set) => sum + set.decisionMicros, 0),
  });
  if (best) explanation.chosenKeyId = best.keyId;
  if (runnerUp) {
    explanation.runnerUpKeyId = runnerUp.keyId;
    explanation.margin = (best?.total ?? 0) - runnerUp.total;
  }
  return explanation;
}

/**
 * The message of a NoEligibleKeysError: the models tried and the exclusions by reason.
 *
 * @example
 * noEligibleMessage(request, explanation, 1200); // 'No eligible key for gpt-4o (2 state, 1 quota); first usable in 1200 ms'
 */
export function noEligibleMessage(
  request: PreparedRequest,
  explanation: RoutingExplanation,
  retryAfterMs: number | undefined,
): string {
  const counts = Object.entries(explanation.exclusionCounts())
    .map(([code, count]) => `${count} ${code}`)
    .join(', ');
  const models = request.chain.join(', ');
  if (explanation.candidates.length === 0) return `No registered key serves ${models}`;
  return `No eligible key for ${models} (${counts})${retryAfterMs !== undefined ? `; first usable in ${Math.ceil(retryAfterMs)} ms` : ''}`;
}

/**
 * Attaches the decision's explanation to an error that has none yet.
 *
 * @example
 * throw withExplanation(error, explanation);
 */
export function withExplanation(
  error: RouterError,
  explanation: RoutingExplanation | undefined,
): RouterError {
  if (explanation && !error.explanation) error.explanation = explanation;
  return error;
}
