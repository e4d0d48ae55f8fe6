import type { Decimal } from 'decimal.js';
import type { RateLimitObservation } from '../adapter/rate-limit-observation.js';
import { RouterError } from '../errors/router-error.js';
import type { KeyRecord } from '../keys/key-record.js';
import type { RouterCore } from '../router/router-core.js';

/** When a throttled key may be used again: the provider's wait, else the reset of an emptied window. */
function throttleUntil(now: number, error: RouterError, defaultThrottleMs: number): number {
  if (error.retryAfterMs !== undefined) return now + error.retryAfterMs;
  const observation: RateLimitObservation | undefined = error.rateLimits;
  if (observation?.retryAfterMs !== undefined) return now + observation.retryAfterMs;
  let latest: number | undefined;
  for (const dimension of observation?.dimensions ?? []) {
    if (dimension.remaining === 0 && dimension.resetAt !== undefined)
      latest = Math.max(latest ?? 0, dimension.resetAt);
  }
  return latest ?? now + defaultThrottleMs;
}

/**
 * Feeds a failed attempt to the key's state machine and quota engine according to the error's key effect.
 *
 * @example
 * applyFailureToKey(core, record, error);
 */
export function applyFailureToKey(core: RouterCore, record: KeyRecord, error: RouterError): void {
  const now = core.clock.now();
  const reason = `${error.category}${error.status ? ` ${error.status}` : ''}${error.code ? ` ${error.code}` : ''}`;
  switch (error.keyEffect) {
    case 'throttle':
      core.registry.send(
        record,
        {
          type: 'THROTTLE',
          at: now,
          until: throttleUntil(now, error, core.defaults.defaultThrottleMs),
          reason,
        },
        'rate_limit',
      );
      break;
    case 'exhaust': {
      const until =
        error.rateLimits?.exhaustedUntil ??
        (error.retryAfterMs !== undefined ? now + error.retryAfterMs : undefined);
      const event =
        until === undefined
          ? { type: 'EXHAUST' as const, at: now, reason }
          : { type: 'EXHAUST' as const, at: now, until, reason };
      core.registry.send(record, event, 'quota_exhausted');
      break;
    }
    case 'invalidate':
      core.registry.send(record, { type: 'INVALIDATE', at: now, reason }, 'auth_failure');
      break;
    case 'failure':
      core.registry.send(record, { type: 'FAILURE', at: now, reason }, 'failure');
      break;
    case 'skip': {
      const limit = error.details?.limit;
      if (error.category === 'rate_limit' && typeof limit === 'number') {
        core.quota.markTooLarge(record.id, 'tokens_per_minute', limit);
      }
      break;
    }
    case 'none':
      break;
  }
}

/**
 * Makes any thrown value a RouterError with this key's provider and id, and no key material anywhere in it.
 *
 * @example
 * const error = normaliseAttemptError(core, record, thrown);
 */
export function normaliseAttemptError(core: RouterCore, record: KeyRecord, thrown: unknown): RouterError {
  let error: RouterError;
  if (RouterError.isInstance(thrown)) {
    error = thrown;
  } else {
    const adapter = core.providers.get(record.providerId);
    try {
      error = adapter
        ? adapter.classifyError(thrown, { providerId: record.providerId, clock: core.clock })
        : new RouterError('provider', String(thrown));
    } catch {
      error = new RouterError('provider', 'The adapter failed and could not classify the failure');
    }
  }
  const message = core.redactor.scrub(error.message);
  return new RouterError(error.category, message, {
    code: error.code,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    providerId: record.providerId,
    keyId: record.id,
    status: error.status,
    keyEffect: error.keyEffect,
    rateLimits: error.rateLimits,
    details: error.details ? core.redactor.scrubData(error.details) : undefined,
  });
}

/** Releases a key's in-flight slot and completes a pending drain (rotation or removal). */
export function releaseInFlight(record: KeyRecord): void {
  record.inFlight = Math.max(0, record.inFlight - 1);
  if (record.inFlight === 0 && record.drainWaiters) {
    const waiters = record.drainWaiters;
    record.drainWaiters = undefined;
    for (const resolve of waiters) resolve();
  }
}

/**
 * Ends a failed request: any thrown value becomes a (scrubbed) RouterError, and `requestCompleted` is emitted.
 *
 * @example
 * catch (thrown) { throw completeWithError(core, request, thrown); }
 */
export function completeWithError(
  core: RouterCore,
  request: { requestId: string; intent: { model: string }; startedAt: number; attempts: readonly unknown[] },
  thrown: unknown,
): RouterError {
  const error = RouterError.isInstance(thrown)
    ? thrown
    : new RouterError('provider', core.redactor.scrub(String(thrown)));
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

/**
 * The fields every adapter call shares (chat, stream, embeddings): the candidate's model and key, the
 * request's signal and id, the router's clock. The key material is revealed here and nowhere else.
 *
 * @example
 * adapter.execute({ ...callFields(core, request, candidate), intent: request.intent });
 */
export function callFields(
  core: RouterCore,
  request: { signal: AbortSignal; requestId: string },
  candidate: { model: string; record: { secret: { reveal(): string } } },
) {
  return {
    model: candidate.model,
    apiKey: candidate.record.secret.reveal(),
    signal: request.signal,
    requestId: request.requestId,
    clock: core.clock,
  };
}

/**
 * Ends a served request: emits `requestCompleted` with its key, model, latency, attempts and cost.
 *
 * @example
 * completeWithSuccess(core, request, win.candidate, response.model, latencyMs, cost.amount);
 */
export function completeWithSuccess(
  core: RouterCore,
  request: { requestId: string; attempts: readonly unknown[] },
  candidate: { keyId: string; providerId: string },
  model: string,
  latencyMs: number,
  cost: Decimal,
): void {
  core.emitter.emit('requestCompleted', {
    requestId: request.requestId,
    ok: true,
    model,
    keyId: candidate.keyId,
    providerId: candidate.providerId,
    latencyMs,
    attempts: request.attempts.length,
    cost,
  });
}
