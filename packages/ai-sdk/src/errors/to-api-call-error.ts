import { APICallError } from '@ai-sdk/provider';
import { type ErrorCategory, RouterError } from '@apikeyrouter/core';

/** The HTTP status an OpenAI-compatible API would answer with, per router category. */
const STATUS: Readonly<Record<ErrorCategory, number>> = {
  validation: 400,
  context_length: 400,
  content_filter: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  rate_limit: 429,
  quota_exhausted: 429,
  budget_exceeded: 429,
  no_eligible_keys: 503,
  provider: 502,
  timeout: 504,
  network: 502,
  aborted: 499,
  configuration: 500,
  store_unavailable: 503,
};

/**
 * What the router adds to an `APICallError`'s `data`.
 *
 * @example
 * if (APICallError.isInstance(error)) console.log((error.data as RouterErrorData).category);
 */
export interface RouterErrorData {
  /** Router error category. */
  category: ErrorCategory;
  /** Machine-readable sub-code, when known; the same in every provider (e.g. `rate_limit_exceeded`). */
  code: string | null;
  /** The upstream provider's own error code or type (`rate_limit_error`, `RESOURCE_EXHAUSTED`), scrubbed. */
  upstreamCode: string | null;
  /** Key involved (id, never material). */
  keyId: string | null;
  /** Provider involved. */
  providerId: string | null;
  /** Provider calls the router made before giving up. */
  attempts: number;
  /** One-line summary of the routing decision. */
  explanation: string | null;
}

/**
 * Turns a router failure into the AI SDK's `APICallError`. `isRetryable` is false whenever the router already
 * made provider calls (it has retried and failed over itself, so the SDK's own retry loop would only multiply
 * attempts) and for categories no retry can fix; it is true only when no call was made and the router says
 * a later try can succeed (e.g. every key is briefly rate limited). Status, `retry-after` headers and the
 * router's category, key id, provider and explanation (in `data`) are attached; no key material.
 *
 * @example
 * try { await router.route(intent); } catch (error) { throw toAPICallError(error, 'gpt-4o-mini'); }
 */
export function toAPICallError(thrown: unknown, modelId: string): APICallError {
  if (APICallError.isInstance(thrown)) return thrown;
  const error = RouterError.isInstance(thrown)
    ? thrown
    : new RouterError('provider', 'The router failed unexpectedly', { cause: thrown });
  const attempts = error.explanation?.attempts.length ?? 0;
  const headers: Record<string, string> = {};
  if (error.retryAfterMs !== undefined) {
    headers['retry-after'] = String(Math.max(0, Math.ceil(error.retryAfterMs / 1000)));
    headers['retry-after-ms'] = String(Math.max(0, Math.round(error.retryAfterMs)));
  }
  const data: RouterErrorData = {
    category: error.category,
    code: error.code ?? null,
    upstreamCode: error.upstreamCode ?? null,
    keyId: error.keyId ?? null,
    providerId: error.providerId ?? null,
    attempts,
    explanation: error.explanation ? String(error.explanation) : null,
  };
  return new APICallError({
    message: error.message,
    url: `apikeyrouter://${error.providerId ?? 'router'}/${encodeURIComponent(modelId)}`,
    requestBodyValues: { model: modelId },
    statusCode:
      error.category === 'provider' && error.status !== undefined ? error.status : STATUS[error.category],
    responseHeaders: headers,
    isRetryable: attempts === 0 && error.retryable,
    cause: error,
    data,
  });
}

/**
 * The error to end an aborted call with: the signal's own reason when it is an Error (the AI SDK recognises
 * `AbortError`s), otherwise a standard `AbortError`.
 *
 * @example
 * if (signal?.aborted) throw abortReason(signal);
 */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('The operation was aborted', 'AbortError');
}
