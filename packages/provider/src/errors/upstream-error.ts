import { RouterError, type RouterErrorOptions } from './router-error.js';
import { type UpstreamVerdict, upstreamErrorCode } from './upstream-error-code.js';

/**
 * Options of {@link upstreamError}: everything a {@link RouterError} takes except `code`, `status` and
 * `keyEffect`, which come from the verdict.
 *
 * @example
 * const options: UpstreamErrorOptions = { providerId: 'anthropic', upstreamCode: 'rate_limit_error', retryAfterMs: 2000 };
 */
export type UpstreamErrorOptions = Omit<RouterErrorOptions, 'code' | 'status' | 'keyEffect'>;

/**
 * The error for an upstream error reply (an HTTP error, an error body in a 200, an error event in a stream):
 * category, status and key effect as the adapter decided, `code` the canonical one for that verdict
 * ({@link upstreamErrorCode}), and the upstream's own code kept apart as `upstreamCode`.
 *
 * @example
 * throw upstreamError({ category: 'rate_limit', status: 429 }, 'anthropic 429: rate limited', {
 *   providerId: 'anthropic',
 *   upstreamCode: 'rate_limit_error',
 * }); // code 'rate_limit_exceeded'
 */
export function upstreamError(
  verdict: UpstreamVerdict,
  message: string,
  options: UpstreamErrorOptions = {},
): RouterError {
  return new RouterError(verdict.category, message, {
    ...options,
    code: upstreamErrorCode(verdict),
    status: verdict.status,
    keyEffect: verdict.keyEffect,
  });
}
