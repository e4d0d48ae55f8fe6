import { type RateLimitObservation, RouterError } from '@apikeyrouter/core';
import type { FaultKind } from '../fake-http/fault-script.js';
import type { LimitRejectionKind } from '../limits/hidden-limits.js';

/**
 * The RouterError a provider's fault would be classified as, for the in-process fake.
 *
 * @example
 * faultError('server_error', 'fake'); // RouterError category 'provider', status 500
 */
export function faultError(kind: FaultKind, providerId: string, retryAfterMs = 1000): RouterError {
  const base = { providerId };
  switch (kind) {
    case 'rate_limit':
      return new RouterError('rate_limit', 'Rate limit reached. Please try again later.', {
        ...base,
        status: 429,
        code: 'rate_limit_exceeded',
        retryAfterMs,
      });
    case 'quota_exhausted':
      return new RouterError('quota_exhausted', 'You exceeded your current quota.', {
        ...base,
        status: 429,
        code: 'insufficient_quota',
      });
    case 'request_too_large':
      return new RouterError('rate_limit', 'Request too large', {
        ...base,
        status: 429,
        keyEffect: 'skip',
        code: 'request_too_large',
      });
    case 'unauthorized':
      return new RouterError('authentication', 'Incorrect API key provided.', {
        ...base,
        status: 401,
        code: 'invalid_api_key',
      });
    case 'forbidden':
      return new RouterError('permission', 'Country, region, or territory not supported.', {
        ...base,
        status: 403,
      });
    case 'not_found':
      return new RouterError('not_found', 'The model does not exist.', {
        ...base,
        status: 404,
        code: 'model_not_found',
      });
    case 'bad_request':
      return new RouterError('validation', 'Invalid request.', { ...base, status: 400 });
    case 'context_length':
      return new RouterError('context_length', 'Maximum context length exceeded.', {
        ...base,
        status: 400,
        code: 'context_length_exceeded',
      });
    case 'content_filter':
      return new RouterError('content_filter', 'Content was filtered.', { ...base, status: 400 });
    case 'server_error':
      return new RouterError('provider', 'The server had an error.', { ...base, status: 500 });
    case 'overloaded':
      return new RouterError('provider', 'The engine is currently overloaded.', { ...base, status: 503 });
    case 'timeout':
      return new RouterError('timeout', 'The provider did not answer in time.', base);
    case 'connection_reset':
    case 'stream_cut':
      return new RouterError('network', 'Connection reset by peer.', { ...base, code: 'ECONNRESET' });
    case 'malformed_json':
      return new RouterError('provider', 'The provider sent a malformed response.', { ...base, status: 200 });
    case 'error_after_200':
      return new RouterError('provider', 'Overloaded (error event after HTTP 200).', {
        ...base,
        status: 200,
        code: 'overloaded_error',
      });
    case 'slow':
      return new RouterError('provider', 'unreachable: slow is not an error', base);
  }
}

/**
 * The 429 a hidden limit produces, with its rate-limit facts.
 *
 * @example
 * limitError({ kind: 'requests', retryAfterMs: 1200, limit: 60, requested: 1 }, 'fake', observation, clock.now());
 */
export function limitError(
  rejection: { kind: LimitRejectionKind; retryAfterMs: number; limit: number; requested: number },
  providerId: string,
  observation: RateLimitObservation | undefined,
  now: number,
): RouterError {
  const base = { providerId, status: 429, ...(observation ? { rateLimits: observation } : {}) };
  switch (rejection.kind) {
    case 'billing':
      return new RouterError('quota_exhausted', 'You exceeded your current quota.', {
        ...base,
        code: 'insufficient_quota',
      });
    case 'too_large':
      return new RouterError(
        'rate_limit',
        `Request too large on tokens per min (TPM): Limit ${rejection.limit}, Requested ${rejection.requested}.`,
        {
          ...base,
          code: 'rate_limit_exceeded',
          keyEffect: 'skip',
          details: { limit: rejection.limit, requested: rejection.requested },
        },
      );
    case 'requests_day':
    case 'tokens_day':
      return new RouterError(
        'quota_exhausted',
        `Daily ${rejection.kind === 'requests_day' ? 'request' : 'token'} limit reached.`,
        {
          ...base,
          code: 'rate_limit_exceeded',
          retryAfterMs: rejection.retryAfterMs,
          rateLimits: {
            dimensions: observation?.dimensions ?? [],
            exhaustedUntil: now + rejection.retryAfterMs,
          },
        },
      );
    default:
      return new RouterError(
        'rate_limit',
        `Rate limit reached for ${rejection.kind}. Please try again in ${(rejection.retryAfterMs / 1000).toFixed(3)}s.`,
        {
          ...base,
          code: 'rate_limit_exceeded',
          retryAfterMs: rejection.retryAfterMs,
        },
      );
  }
}
