import { RouterError } from '@apikeyrouter/core';

/**
 * OpenAI error `type` values the gateway uses.
 *
 * @example
 * const type: OpenAIErrorType = 'rate_limit_error';
 */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'api_error'
  | 'upstream_error'
  | 'timeout_error'
  | 'service_unavailable';

/**
 * A failure ready to be sent over HTTP: status, OpenAI-style type and code, message, offending parameter and
 * retry hint. Built from a {@link RouterError} or by the gateway itself (auth, limits, bad input).
 *
 * @example
 * throw new HttpFailure(403, 'permission_error', 'model_not_allowed', 'This key may not use gpt-4o', 'model');
 */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly type: OpenAIErrorType,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
    readonly retryAfterMs: number | undefined = undefined,
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

/**
 * Status, type and code for each router error category (documented in docs/gateway.md).
 *
 * @example
 * ```ts
 * CATEGORY_STATUS.rate_limit; // { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' }
 * const { status, type, code } = CATEGORY_STATUS[error.category]; // how the gateway answers a RouterError
 * ```
 */
export const CATEGORY_STATUS: Readonly<
  Record<RouterError['category'], { status: number; type: OpenAIErrorType; code: string }>
> = {
  validation: { status: 400, type: 'invalid_request_error', code: 'invalid_request' },
  context_length: { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded' },
  content_filter: { status: 400, type: 'invalid_request_error', code: 'content_filter' },
  not_found: { status: 404, type: 'not_found_error', code: 'model_not_found' },
  rate_limit: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  quota_exhausted: { status: 429, type: 'insufficient_quota', code: 'insufficient_quota' },
  budget_exceeded: { status: 429, type: 'insufficient_quota', code: 'insufficient_quota' },
  no_eligible_keys: { status: 503, type: 'service_unavailable', code: 'no_eligible_keys' },
  // The provider rejected *our* key: the client's key was fine, so this is an upstream failure, not a 401.
  authentication: { status: 502, type: 'upstream_error', code: 'upstream_authentication' },
  permission: { status: 502, type: 'upstream_error', code: 'upstream_permission' },
  provider: { status: 502, type: 'upstream_error', code: 'upstream_error' },
  network: { status: 502, type: 'upstream_error', code: 'upstream_unreachable' },
  timeout: { status: 504, type: 'timeout_error', code: 'timeout' },
  aborted: { status: 499, type: 'invalid_request_error', code: 'client_closed_request' },
  configuration: { status: 503, type: 'service_unavailable', code: 'gateway_misconfigured' },
  store_unavailable: { status: 503, type: 'service_unavailable', code: 'store_unavailable' },
};

/**
 * The HTTP failure for anything thrown while serving a request. Router errors map by category; a
 * `no_eligible_keys` error with a retry time becomes a 429 with `retry-after`. Anything else is a bug: a
 * generic 500 without details (the caller logs it).
 *
 * @example
 * const failure = toHttpFailure(error);
 */
export function toHttpFailure(error: unknown): HttpFailure {
  if (error instanceof HttpFailure) return error;
  if (RouterError.isInstance(error)) {
    if (error.category === 'no_eligible_keys' && onlyBudgetsBlocked(error)) {
      return new HttpFailure(429, 'insufficient_quota', 'insufficient_quota', safeMessage(error));
    }
    if (error.category === 'no_eligible_keys' && error.retryAfterMs !== undefined) {
      return new HttpFailure(
        429,
        'rate_limit_error',
        'rate_limit_exceeded',
        safeMessage(error),
        null,
        error.retryAfterMs,
      );
    }
    const mapped = CATEGORY_STATUS[error.category] ?? CATEGORY_STATUS.provider;
    const param = paramOf(error);
    return new HttpFailure(
      mapped.status,
      mapped.type,
      error.code && mapped.status === 400 ? error.code : mapped.code,
      safeMessage(error),
      param,
      error.retryAfterMs,
    );
  }
  return new HttpFailure(500, 'api_error', 'internal_error', 'The gateway failed to handle this request');
}

/** True when every candidate that could serve the model was excluded by a budget (spend, not capacity). */
function onlyBudgetsBlocked(error: RouterError): boolean {
  const codes = (error.explanation?.candidates ?? [])
    .map((candidate) => candidate.exclusion?.code)
    .filter((code) => code !== undefined && code !== 'model' && code !== 'capability');
  return codes.length > 0 && codes.every((code) => code === 'budget');
}

function safeMessage(error: RouterError): string {
  // Router messages are already scrubbed of key material; cap length so a huge upstream text stays bounded.
  return error.message.length > 1000 ? `${error.message.slice(0, 1000)}…` : error.message;
}

function paramOf(error: RouterError): string | null {
  const issues = error.details?.issues;
  if (Array.isArray(issues) && issues.length > 0) {
    // Issue paths are segment arrays (older cores used dotted strings); accept both.
    const path = (issues[0] as { path?: unknown }).path;
    const text = Array.isArray(path) ? path.map(String).join('.') : path;
    if (typeof text === 'string' && text !== '' && text !== '(root)') return text;
  }
  return null;
}
