import { type ClassifyContext, classifyTransportError, RouterError } from '@apikeyrouter/provider';
import { classifyOpenAIError, type OpenAIFailure } from '../errors/classify-openai-error.js';
import type { RateLimitDialect } from '../rate-limits/parse-openai-rate-limits.js';

function isFailure(error: unknown): error is OpenAIFailure & { error?: unknown } {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { status?: unknown; headers?: unknown };
  return (
    typeof candidate.status === 'number' &&
    (candidate.headers === undefined || candidate.headers instanceof Headers)
  );
}

/**
 * `ProviderAdapter.classifyError` for OpenAI-style providers: RouterErrors pass through; anything with a
 * numeric `status` (an {@link OpenAIFailure}, a `Response`, the official SDK's `APIError` with its `error`
 * object) is classified like an HTTP error; transport errors via `classifyTransportError`; the rest is a
 * provider error.
 *
 * @example
 * classifyAnyError(sdkError, { providerId: 'openai', clock }, 'openai').category; // 'rate_limit'
 */
export function classifyAnyError(
  error: unknown,
  context: ClassifyContext,
  dialect: RateLimitDialect,
): RouterError {
  if (RouterError.isInstance(error)) return error;
  if (isFailure(error)) {
    const failure: OpenAIFailure = { ...error };
    // The official SDK's APIError carries the body's `error` object, not the body.
    if (failure.body === undefined && error.error !== undefined) failure.body = { error: error.error };
    return classifyOpenAIError(failure, {
      providerId: context.providerId,
      now: context.clock.now(),
      dialect,
    });
  }
  return (
    classifyTransportError(error, { providerId: context.providerId, timedOut: false, aborted: false }) ??
    new RouterError('provider', `${context.providerId} call failed`, {
      providerId: context.providerId,
      code: 'unexpected_error',
    })
  );
}
