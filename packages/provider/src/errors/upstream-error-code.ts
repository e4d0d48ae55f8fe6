import type { ErrorCategory, KeyEffect } from './error-category.js';

/**
 * The one `RouterError.code` each kind of upstream error reply gets, whatever the provider: a 429 throttle is
 * `rate_limit_exceeded` from OpenAI, Anthropic, Gemini and Ollama alike. The upstream's own code or type
 * (`rate_limit_error`, `RESOURCE_EXHAUSTED`, …) stays readable as `RouterError.upstreamCode`.
 *
 * | code | category | when |
 * |---|---|---|
 * | `invalid_request` | `validation` | the upstream rejected the request itself (400, 422) |
 * | `context_length_exceeded` | `context_length` | prompt plus output do not fit the model's window |
 * | `content_filter` | `content_filter` | the upstream's safety filter refused |
 * | `invalid_api_key` | `authentication` | the key is unknown, revoked or expired (401) |
 * | `permission_denied` | `permission` | the key may not do this (403, region, org) |
 * | `model_not_found` | `not_found` | the model (or its endpoint) is not there for this key (404) |
 * | `rate_limit_exceeded` | `rate_limit` | throttled for now; the key is fine after the wait |
 * | `request_too_large` | `rate_limit` | the request alone exceeds this key's per-request or per-minute limit |
 * | `insufficient_quota` | `quota_exhausted` | credits, billing, or a per-day or per-period quota are gone |
 * | `upstream_timeout` | `timeout` | the upstream itself said it timed out (408, 504, `DEADLINE_EXCEEDED`) |
 * | `overloaded` | `provider` | the upstream is overloaded (529, Anthropic `overloaded_error`) |
 * | `service_unavailable` | `provider` | 503 |
 * | `server_error` | `provider` | 500 and every other 5xx |
 * | `upstream_error` | `provider` | any other failure the upstream reported (an error inside a 200 or a stream, an unusual status) |
 *
 * @example
 * if (error.code === UPSTREAM_ERROR_CODES.insufficientQuota) alertBilling(error.providerId);
 */
export const UPSTREAM_ERROR_CODES = {
  invalidRequest: 'invalid_request',
  contextLength: 'context_length_exceeded',
  contentFilter: 'content_filter',
  invalidApiKey: 'invalid_api_key',
  permissionDenied: 'permission_denied',
  modelNotFound: 'model_not_found',
  rateLimited: 'rate_limit_exceeded',
  requestTooLarge: 'request_too_large',
  insufficientQuota: 'insufficient_quota',
  upstreamTimeout: 'upstream_timeout',
  overloaded: 'overloaded',
  serviceUnavailable: 'service_unavailable',
  serverError: 'server_error',
  upstreamError: 'upstream_error',
} as const;

/**
 * One of the values of {@link UPSTREAM_ERROR_CODES}.
 *
 * @example
 * const code: UpstreamErrorCode = 'rate_limit_exceeded';
 */
export type UpstreamErrorCode = (typeof UPSTREAM_ERROR_CODES)[keyof typeof UPSTREAM_ERROR_CODES];

/**
 * What an adapter decided about an upstream error reply; {@link upstreamErrorCode} turns it into the code.
 *
 * @example
 * const verdict: UpstreamVerdict = { category: 'rate_limit', status: 429, keyEffect: 'skip' };
 */
export interface UpstreamVerdict {
  /** The category the adapter classified the reply as. */
  category: ErrorCategory;
  /** HTTP status of the reply; undefined for an error event inside a 200 stream. */
  status?: number;
  /** The key effect, when the adapter overrides the category's default (`skip` marks a request too large). */
  keyEffect?: KeyEffect;
  /** The upstream said it is overloaded in its body (e.g. Anthropic `overloaded_error` in a stream). */
  overloaded?: boolean;
}

const BY_CATEGORY: Partial<Readonly<Record<ErrorCategory, UpstreamErrorCode>>> = {
  validation: UPSTREAM_ERROR_CODES.invalidRequest,
  context_length: UPSTREAM_ERROR_CODES.contextLength,
  content_filter: UPSTREAM_ERROR_CODES.contentFilter,
  authentication: UPSTREAM_ERROR_CODES.invalidApiKey,
  permission: UPSTREAM_ERROR_CODES.permissionDenied,
  not_found: UPSTREAM_ERROR_CODES.modelNotFound,
  quota_exhausted: UPSTREAM_ERROR_CODES.insufficientQuota,
  timeout: UPSTREAM_ERROR_CODES.upstreamTimeout,
};

function providerCode(status: number | undefined, overloaded: boolean): UpstreamErrorCode {
  if (overloaded || status === 529) return UPSTREAM_ERROR_CODES.overloaded;
  if (status === 503) return UPSTREAM_ERROR_CODES.serviceUnavailable;
  if (status !== undefined && status >= 500) return UPSTREAM_ERROR_CODES.serverError;
  return UPSTREAM_ERROR_CODES.upstreamError;
}

/**
 * The canonical code for an upstream error reply, from the adapter's verdict alone (see the table on
 * {@link UPSTREAM_ERROR_CODES}). Adapters never choose codes themselves, so one failure has one code in every
 * adapter.
 *
 * @example
 * upstreamErrorCode({ category: 'provider', status: 529 }); // 'overloaded'
 * upstreamErrorCode({ category: 'rate_limit', keyEffect: 'skip' }); // 'request_too_large'
 */
export function upstreamErrorCode(verdict: UpstreamVerdict): UpstreamErrorCode {
  if (verdict.category === 'rate_limit') {
    return verdict.keyEffect === 'skip'
      ? UPSTREAM_ERROR_CODES.requestTooLarge
      : UPSTREAM_ERROR_CODES.rateLimited;
  }
  if (verdict.category === 'provider') return providerCode(verdict.status, verdict.overloaded === true);
  return BY_CATEGORY[verdict.category] ?? UPSTREAM_ERROR_CODES.upstreamError;
}
