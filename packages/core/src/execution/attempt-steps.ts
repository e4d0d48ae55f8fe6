import type { AdmissionTicket } from '../admission/admission-ticket.js';
import { admissionWait } from '../admission/admission-wait.js';
import { type BudgetRefusal, budgetExceededError } from '../budget/index.js';
import { RouterError } from '../errors/router-error.js';
import { NoEligibleKeysError } from '../errors/specific-errors.js';
import type { PreparedRequest } from '../request/prepared-request.js';
import type { RouterCore } from '../router/router-core.js';
import { CandidateSet, type PickedCandidate } from '../routing/candidate-set.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import type { ModelTarget } from '../routing/model-target.js';
import { decideCandidates, insertAfter } from './decide-candidates.js';
import { explainDecision, noEligibleMessage, withExplanation } from './decision-explanation.js';

/** What the attempt loop carries from one step to the next. */
export interface LoopState {
  lastError: RouterError | undefined;
  lastExplanation: RoutingExplanation | undefined;
  /** Time spent waiting for capacity so far. */
  waitedMs: number;
  /** Fallback models already announced with a `fallback` event. */
  announced: Set<string>;
  /** A hard budget's refusal, reported when nothing else went wrong. */
  budgetRefusal: BudgetRefusal | undefined;
  /** Per round: the earliest time an excluded key becomes usable, the sets decided and the fallbacks. */
  earliest: number | undefined;
  roundSets: CandidateSet[];
  fallbacks: string[];
  /** The request's place in the admission queue, from its first wait on. */
  ticket: AdmissionTicket | undefined;
}

/** A fresh loop state. */
export function newLoopState(): LoopState {
  return {
    lastError: undefined,
    lastExplanation: undefined,
    waitedMs: 0,
    announced: new Set(),
    budgetRefusal: undefined,
    earliest: undefined,
    roundSets: [],
    fallbacks: [],
    ticket: undefined,
  };
}

/** Throws when the request may not make another attempt: aborted, past its deadline, out of attempts. */
export function assertMayAttempt(request: PreparedRequest, state: LoopState): void {
  if (request.lifetime.ended) throw withExplanation(request.lifetime.endedError(), state.lastExplanation);
  if (request.attempts.length >= request.maxAttempts) {
    throw withExplanation(
      state.lastError ?? new RouterError('provider', 'No attempt left'),
      state.lastExplanation,
    );
  }
}

function explainRound(request: PreparedRequest, state: LoopState): RoutingExplanation {
  return state.lastExplanation ?? explainDecision(request, [new CandidateSet()], undefined, undefined, []);
}

/**
 * Decide: filters and scores the candidates of one model of the chain, explains the decision and announces
 * it (`fallback` for a later model, `decision`). Returns the best candidate, or undefined after noting when
 * the first excluded key becomes usable.
 */
export function decideStep(
  core: RouterCore,
  request: PreparedRequest,
  state: LoopState,
  tier: number,
  target: ModelTarget,
): PickedCandidate | undefined {
  const decision = decideCandidates(
    core,
    {
      now: core.clock.now(),
      estimate: request.estimate,
      needs: request.needs,
      objective: request.objective,
      tags: request.intent.tags,
      excluded: request.excluded,
      deadline: request.lifetime.deadline,
      affinity: request.affinity,
    },
    target,
  );
  const { candidates, best, runnerUp } = decision;
  if (decision.downgrade) insertAfter(request.chain, tier, decision.downgrade);
  const explanation = explainDecision(
    request,
    [...state.roundSets, candidates],
    best,
    runnerUp,
    [...state.fallbacks],
    false,
    core.degradedStores(),
  );
  if (decision.affinity) explanation.affinity = decision.affinity;
  state.lastExplanation = explanation;
  if (!best) {
    // A key ruled out by a budget refusal at reservation time (a race for the last room, or a budget this
    // replica learned of only then) is not screened again: its refusal is the one to report.
    const refusal = decision.budgetRefusal ?? reservationRefusal(request);
    if (refusal && !state.lastError && candidates.allExcludedBy('budget')) state.budgetRefusal = refusal;
    const retryAt = candidates.earliestRetry();
    if (retryAt !== undefined && (state.earliest === undefined || retryAt < state.earliest))
      state.earliest = retryAt;
    state.roundSets.push(candidates);
    return undefined;
  }
  const model = request.chain[tier] as string;
  if (tier > 0 && !state.announced.has(model)) {
    state.announced.add(model);
    core.emitter.emit('fallback', {
      requestId: request.requestId,
      fromModel: request.intent.model,
      toModel: model,
      reason: state.lastError
        ? `${state.lastError.category}: ${state.lastError.message}`
        : 'no eligible key for the previous model',
    });
  }
  core.emitter.emit('decision', { requestId: request.requestId, explanation });
  return best;
}

function backoffMs(core: RouterCore, attempt: number): number {
  const ceiling = Math.min(
    core.defaults.maxDelayMs,
    core.defaults.baseDelayMs * 2 ** Math.max(0, attempt - 1),
  );
  // Equal jitter: half fixed, half random, so synchronized clients spread out but never retry instantly.
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * Fail over: after a failed attempt, ends the request when no other key can fix the error (the request
 * itself is at fault, or it was aborted); otherwise rules the key out for this model — until its back-off
 * or `retry-after` passes, or for good when the failure says skip it.
 */
export function failOverStep(
  core: RouterCore,
  request: PreparedRequest,
  state: LoopState,
  candidate: PickedCandidate,
  error: RouterError,
  aborted: boolean,
): void {
  if (aborted || !error.retryable || error.category === 'aborted')
    throw withExplanation(error, state.lastExplanation);
  state.lastError = error;
  const retryAt =
    error.keyEffect === 'skip'
      ? undefined
      : core.clock.now() + Math.max(backoffMs(core, request.attempts.length), error.retryAfterMs ?? 0);
  // Scoped to this model: a 404 or a 5xx for one model says nothing about the key's other models.
  const exclusion = {
    code: 'attempted' as const,
    detail: `${error.category}: ${error.message}`,
    model: candidate.model,
  };
  request.excluded.set(candidate.record.id, retryAt === undefined ? exclusion : { ...exclusion, retryAt });
}

/**
 * Wait: when no model had an eligible key but one frees up (and attempts remain), waits in the admission
 * queue for this request's turn and returns true; returns false when nothing frees up before the deadline
 * (the loop then fails with the last error, which carries `retryAfterMs`). Throws
 * when admission control refuses the wait, or a hard budget would refuse the request anyway.
 */
export async function waitStep(
  core: RouterCore,
  request: PreparedRequest,
  state: LoopState,
): Promise<boolean> {
  if (state.earliest === undefined || request.attempts.length >= request.maxAttempts) return false;
  const now = core.clock.now();
  if (!(await admissionWait(core, request, state, state.earliest, () => explainRound(request, state))))
    return false;
  state.waitedMs += core.clock.now() - now;
  return true;
}

/** Fail: the error that ends a request no key could serve — the last failure, a budget, or no eligible key. */
export function finalError(core: RouterCore, request: PreparedRequest, state: LoopState): RouterError {
  if (state.lastError) return withExplanation(state.lastError, state.lastExplanation);
  if (state.budgetRefusal)
    return withExplanation(budgetExceededError(state.budgetRefusal), state.lastExplanation);
  const explanation = explainRound(request, state);
  const retryAfterMs =
    state.earliest !== undefined ? Math.max(0, state.earliest - core.clock.now()) : undefined;
  return new NoEligibleKeysError(
    noEligibleMessage(request, explanation, retryAfterMs),
    explanation,
    retryAfterMs,
  );
}

function reservationRefusal(request: PreparedRequest): BudgetRefusal | undefined {
  for (const exclusion of request.excluded.values()) if (exclusion.refusal) return exclusion.refusal;
  return undefined;
}
