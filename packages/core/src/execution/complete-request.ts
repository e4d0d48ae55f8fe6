import { Decimal } from 'decimal.js';
import type { RouterError } from '../errors/router-error.js';
import type { PreparedRequest } from '../request/prepared-request.js';
import type { RouterCore } from '../router/router-core.js';
import { requestError } from './attempt-error.js';
import type { BookedUsage, LiveAttempt } from './book-attempt.js';
import type { ServedRequest } from './route-response.js';

const ZERO = new Decimal(0);

/**
 * Ends a served request — the one builder of the part every answer shares (chat, stream, embeddings): who
 * served it, at what cost, after how long and how many attempts, and why. Emits `requestCompleted`.
 *
 * @example
 * const result: RouteResponse = { ...completeServed(core, request, live, booked, response.model), content };
 */
export function completeServed(
  core: RouterCore,
  request: PreparedRequest,
  live: LiveAttempt,
  booked: BookedUsage,
  reportedModel: string | undefined,
): ServedRequest {
  const amount = booked.cost ?? ZERO;
  const model = reportedModel || live.candidate.model;
  const latencyMs = core.clock.now() - request.startedAt;
  core.emitter.emit('requestCompleted', {
    requestId: request.requestId,
    ok: true,
    model,
    keyId: live.candidate.keyId,
    providerId: live.candidate.providerId,
    latencyMs,
    attempts: request.attempts.length,
    cost: amount,
  });
  return {
    cost: { amount, currency: 'USD', known: booked.cost !== undefined },
    keyId: live.candidate.keyId,
    providerId: live.candidate.providerId,
    model,
    latencyMs,
    attempts: request.attempts.length,
    explanation: live.explanation,
    requestId: request.requestId,
  };
}

/**
 * Ends a failed request: any thrown value becomes a (scrubbed) RouterError, and `requestCompleted` is emitted.
 *
 * @example
 * catch (thrown) { throw completeFailed(core, request, thrown); }
 */
export function completeFailed(core: RouterCore, request: PreparedRequest, thrown: unknown): RouterError {
  const error = requestError(core, thrown);
  core.emitter.emit('requestCompleted', {
    requestId: request.requestId,
    ok: false,
    model: request.intent.model,
    latencyMs: core.clock.now() - request.startedAt,
    attempts: request.attempts.length,
    errorCategory: error.category,
  });
  return error;
}
