import { Decimal } from 'decimal.js';
import type { RateLimitObservation } from '../adapter/rate-limit-observation.js';
import type { Usage } from '../adapter/usage.js';
import type { RouterError } from '../errors/router-error.js';
import type { PreparedRequest } from '../request/prepared-request.js';
import type { RouterCore } from '../router/router-core.js';
import type { PickedCandidate } from '../routing/candidate-set.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import { applyFailureToKey } from './apply-failure.js';
import type { Reservation } from './reservation.js';
import { saneUsage } from './sane-usage.js';

const ZERO = new Decimal(0);

/** An attempt under way: the key it runs on, what it holds, and when its call started. */
export interface LiveAttempt {
  candidate: PickedCandidate;
  reservation: Reservation;
  explanation: RoutingExplanation;
  /** Clock time when the provider call started. */
  callStartedAt: number;
  /** Time the request spent waiting for a key before this attempt. */
  waitedMs: number;
}

/** How an attempt ended. `usage` on a failure: tokens a stream produced before it broke (billed). */
export type AttemptOutcome =
  | { ok: true; usage: Usage; rateLimits: RateLimitObservation | undefined }
  | { ok: false; error: RouterError; aborted: boolean; usage?: Usage; rateLimits?: RateLimitObservation };

/** What booking a successful attempt established. */
export interface BookedUsage {
  usage: Usage;
  /** Exact cost, or undefined when the model's price is unknown. */
  cost: Decimal | undefined;
}

/**
 * Books one ended attempt — the one place route, stream and embed do it: the reservation is committed with
 * actual usage and cost (or released), the key's statistics and state machine learn the outcome (not from
 * our own deadline or the caller's abort, which say nothing about the key), and the attempt joins the
 * explanation and is emitted. Money and quota first: nothing after them may leave a hold behind.
 *
 * @example
 * const { usage, cost } = await bookAttempt(core, request, live, { ok: true, usage, rateLimits });
 */
export async function bookAttempt(
  core: RouterCore,
  request: PreparedRequest,
  live: LiveAttempt,
  outcome: AttemptOutcome,
): Promise<BookedUsage> {
  const { candidate, reservation } = live;
  const record = candidate.record;
  const now = core.clock.now();
  const latencyMs = now - live.callStartedAt;
  const usage = outcome.usage ? saneUsage(outcome.usage) : undefined;
  const cost = usage ? core.costs.costOf(candidate.model, record.id, usage) : undefined;
  if (outcome.ok) {
    await reservation.commit(usage as Usage, outcome.rateLimits, cost ?? ZERO);
    record.recordOutcome(true, latencyMs, now);
    core.registry.send(record, { type: 'SUCCESS', at: now }, 'success');
    core.affinity.remember(request.affinity, candidate.model, record.id);
    core.health.recordSuccess(record.providerId, record.id, request.requestId, now);
  } else {
    if (usage) await reservation.commit(usage, outcome.rateLimits, cost);
    else await reservation.release(true, outcome.error.rateLimits);
    if (!outcome.aborted) {
      record.recordOutcome(false, latencyMs, now);
      // A provider outage is not the key's fault: its state machine hears only failures that are its own.
      const id = request.requestId;
      if (!core.health.recordFailure(record.providerId, record.id, id, outcome.error, now))
        applyFailureToKey(core, record, outcome.error);
    } else {
      core.health.release(record.providerId, request.requestId);
    }
  }
  const attempt = {
    attempt: request.attempts.length + 1,
    keyId: record.id,
    providerId: record.providerId,
    model: candidate.model,
    outcome: outcome.ok ? ('success' as const) : ('error' as const),
    ...(outcome.ok ? {} : { category: outcome.error.category, message: outcome.error.message }),
    latencyMs,
    waitedMs: live.waitedMs,
  };
  request.attempts.push(attempt);
  core.emitter.emit('attempt', { requestId: request.requestId, attempt });
  return { usage: usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, cost };
}
