import { type BudgetRefusal, type BudgetReservation, budgetExceededError } from '../budget/index.js';
import { RouterError } from '../errors/router-error.js';
import { NoEligibleKeysError } from '../errors/specific-errors.js';
import { servesInFlight } from '../keys/key-state-table.js';
import type { QuotaReservation } from '../quota/index.js';
import type { RouterCore } from '../router/router-core.js';
import { CandidateSet, type PickedCandidate } from '../routing/candidate-set.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import { resolveModelTarget } from '../routing/model-target.js';
import { decideCandidates, insertAfter } from './decide-candidates.js';
import { explainDecision, noEligibleMessage, withExplanation } from './decision-explanation.js';
import { applyFailureToKey, normaliseAttemptError, releaseInFlight } from './key-outcome.js';
import { abortError, type PreparedRequest } from './prepared-request.js';

/** A hold outlives its request's deadline by this much, so only a dead router's holds ever expire. */
const HOLD_MARGIN_MS = 60_000;

/** A won attempt: the candidate, its reservations and what the attempt function returned. */
export interface AttemptWin<T> {
  value: T;
  candidate: PickedCandidate;
  quotaReservation: QuotaReservation;
  budgetReservation: BudgetReservation;
  explanation: RoutingExplanation;
  /** Clock time when the provider call started. */
  callStartedAt: number;
  waitedMs: number;
}

/** Runs one provider call on a candidate; throws on failure. */
export type AttemptFn<T> = (candidate: PickedCandidate) => Promise<T>;

/**
 * Settles with the call, or rejects as soon as the request is aborted (deadline or caller): the deadline holds
 * even against an adapter that ignores its AbortSignal. A call left behind has its eventual rejection
 * swallowed.
 *
 * @example
 * const response = await untilAborted(adapter.execute(call), request);
 */
export function untilAborted<T>(call: Promise<T>, request: Pick<PreparedRequest, 'aborted'>): Promise<T> {
  call.catch(() => undefined);
  return Promise.race([call, request.aborted]);
}

/** Errors that another key cannot fix: the request itself is at fault. */
function isFinal(error: RouterError): boolean {
  return !error.retryable || error.category === 'aborted';
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
 * The attempt loop: pick → reserve quota and budget → call → on failure classify, feed the key's machine,
 * fail over to the next key, then to fallback models; when nothing is eligible but something frees up before
 * the deadline, wait for it (bounded queue); otherwise end with the last error or NoEligibleKeysError.
 * The caller commits or releases the winning reservations.
 */
export async function runAttempts<T>(
  core: RouterCore,
  request: PreparedRequest,
  attemptFn: AttemptFn<T>,
): Promise<AttemptWin<T>> {
  let lastError: RouterError | undefined;
  let lastExplanation: RoutingExplanation | undefined;
  let waitedMs = 0;
  const announced = new Set<string>();
  let budgetRefusal: BudgetRefusal | undefined;
  for (;;) {
    let earliest: number | undefined;
    const roundSets: CandidateSet[] = [];
    const fallbacks: string[] = [];
    for (let tier = 0; tier < request.chain.length; tier++) {
      const modelString = request.chain[tier] as string;
      const target = resolveModelTarget(modelString, core.providers, request.intent.providerId);
      if (tier > 0) fallbacks.push(modelString);
      for (;;) {
        if (request.signal.aborted) throw withExplanation(abortError(request), lastExplanation);
        if (request.attempts.length >= request.maxAttempts) {
          throw withExplanation(lastError ?? new RouterError('provider', 'No attempt left'), lastExplanation);
        }
        const now = core.clock.now();
        const {
          candidates,
          best,
          runnerUp,
          downgrade,
          budgetRefusal: refusal,
        } = decideCandidates(
          core,
          {
            now,
            estimate: request.estimate,
            needs: request.needs,
            objective: request.objective,
            tags: request.intent.tags,
            excluded: request.excluded,
            deadline: request.deadline,
          },
          target,
        );
        if (downgrade) insertAfter(request.chain, tier, downgrade);
        const explanation = explainDecision(request, [...roundSets, candidates], best, runnerUp, [
          ...fallbacks,
        ]);
        lastExplanation = explanation;
        if (!best) {
          if (refusal && !lastError && candidates.allExcludedBy('budget')) budgetRefusal = refusal;
          const retryAt = candidates.earliestRetry();
          if (retryAt !== undefined && (earliest === undefined || retryAt < earliest)) earliest = retryAt;
          roundSets.push(candidates);
          break;
        }
        if (tier > 0 && !announced.has(modelString)) {
          announced.add(modelString);
          core.emitter.emit('fallback', {
            requestId: request.requestId,
            fromModel: request.intent.model,
            toModel: modelString,
            reason: lastError
              ? `${lastError.category}: ${lastError.message}`
              : 'no eligible key for the previous model',
          });
        }
        core.emitter.emit('decision', { requestId: request.requestId, explanation });
        const record = best.record;
        // Counted in flight before the first await, so a concurrent decision sees it: a recovering key gets
        // exactly one probe, and a drain (rotation, removal) waits for this request.
        record.inFlight++;
        const quotaResult = await core.quota.reserve(best.keyId, request.estimate, {
          expiresAt: request.deadline + HOLD_MARGIN_MS,
        });
        if (!quotaResult.ok) {
          releaseInFlight(record);
          continue; // lost a race for the last capacity: re-filter and pick again
        }
        const budgetResult = await core.costs.reserve(
          {
            providerId: best.providerId,
            keyId: best.keyId,
            model: best.model,
            tags: request.intent.tags ?? {},
          },
          best.maxCost,
          { expiresAt: request.deadline + HOLD_MARGIN_MS },
        );
        if (!budgetResult.ok) {
          releaseInFlight(record);
          await core.quota.release(quotaResult.reservation, { reachedProvider: false });
          request.excluded.set(record.id, {
            code: 'budget',
            detail: 'budget reservation refused',
            model: best.model,
          });
          if (budgetResult.decision.reason === 'downgrade')
            insertAfter(request.chain, tier, budgetResult.decision.downgradeTo);
          continue;
        }
        if (!servesInFlight(record.state)) {
          // The key was disabled, throttled or invalidated while the reservations were made. (A draining key
          // still serves: this request picked it before the drain began and the drain waits for it.)
          releaseInFlight(record);
          await core.quota.release(quotaResult.reservation, { reachedProvider: false });
          await core.costs.release(budgetResult.reservation);
          continue;
        }
        core.registry.markServed(record, now);
        const callStartedAt = core.clock.now();
        try {
          const value = await untilAborted(attemptFn(best), request);
          return {
            value,
            candidate: best,
            quotaReservation: quotaResult.reservation,
            budgetReservation: budgetResult.reservation,
            explanation,
            callStartedAt,
            waitedMs,
          };
        } catch (thrown) {
          const aborted = request.signal.aborted;
          const error = aborted ? abortError(request) : normaliseAttemptError(core, record, thrown);
          const latencyMs = core.clock.now() - callStartedAt;
          releaseInFlight(record);
          // Count the request against the key even when it failed or was aborted in flight: the provider may
          // have counted it, and under-counting is what turns into 429s.
          await core.quota.release(quotaResult.reservation, {
            observation: error.rateLimits,
            reachedProvider: true,
          });
          await core.costs.release(budgetResult.reservation);
          // Our own deadline or the caller's abort says nothing about the key's health.
          if (!aborted) {
            record.recordOutcome(false, latencyMs, core.clock.now());
            applyFailureToKey(core, record, error);
          }
          const attempt = {
            attempt: request.attempts.length + 1,
            keyId: record.id,
            providerId: record.providerId,
            model: best.model,
            outcome: 'error' as const,
            category: error.category,
            message: error.message,
            latencyMs,
            waitedMs,
          };
          request.attempts.push(attempt);
          core.emitter.emit('attempt', { requestId: request.requestId, attempt });
          if (aborted) throw withExplanation(error, explanation);
          if (isFinal(error)) throw withExplanation(error, explanation);
          lastError = error;
          const retryAt =
            error.keyEffect === 'skip'
              ? undefined
              : core.clock.now() +
                Math.max(backoffMs(core, request.attempts.length), error.retryAfterMs ?? 0);
          // Scoped to this model: a 404 or a 5xx for one model says nothing about the key's other models.
          const exclusion = {
            code: 'attempted' as const,
            detail: `${error.category}: ${error.message}`,
            model: best.model,
          };
          request.excluded.set(record.id, retryAt === undefined ? exclusion : { ...exclusion, retryAt });
        }
      }
    }
    const now = core.clock.now();
    if (
      earliest !== undefined &&
      earliest <= request.deadline &&
      core.queued < core.defaults.maxQueued &&
      request.attempts.length < request.maxAttempts
    ) {
      core.queued++;
      try {
        await core.clock.sleep(Math.max(1, earliest - now), request.signal);
      } catch {
        throw withExplanation(abortError(request), lastExplanation);
      } finally {
        core.queued--;
      }
      waitedMs += core.clock.now() - now;
      continue;
    }
    if (lastError) throw withExplanation(lastError, lastExplanation);
    if (budgetRefusal) throw withExplanation(budgetExceededError(budgetRefusal), lastExplanation);
    const explanation =
      lastExplanation ?? explainDecision(request, [new CandidateSet()], undefined, undefined, []);
    const retryAfterMs = earliest !== undefined ? Math.max(0, earliest - now) : undefined;
    throw new NoEligibleKeysError(
      noEligibleMessage(request, explanation, retryAfterMs),
      explanation,
      retryAfterMs,
    );
  }
}
