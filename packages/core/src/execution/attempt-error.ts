import { RouterError, toRouterError } from '../errors/index.js';
import type { KeyRecord } from '../keys/key-record.js';
import type { RouterCore } from '../router/router-core.js';

/**
 * Makes any value an attempt threw a RouterError with this key's provider and id, and no key material
 * anywhere in it: the adapter classifies what is not already a RouterError, then message and details are
 * scrubbed.
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

/**
 * Makes any value that ends a request a RouterError through the provider kit's one normaliser
 * (`toRouterError`), with the message scrubbed of key material when it came from outside the router.
 *
 * @example
 * const error = requestError(core, thrown);
 */
export function requestError(core: RouterCore, thrown: unknown): RouterError {
  if (RouterError.isInstance(thrown)) return thrown;
  const error = toRouterError(thrown);
  return new RouterError(error.category, core.redactor.scrub(error.message), {
    code: error.code,
    retryable: error.retryable,
    providerId: error.providerId,
  });
}
