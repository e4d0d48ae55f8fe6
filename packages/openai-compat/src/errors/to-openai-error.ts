import { type ErrorCategory, RouterError, type RoutingExplanation } from '@apikeyrouter/core';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';

/**
 * What the router adds to every error the drop-in client throws.
 *
 * @example
 * catch (error) { if (error instanceof RateLimitError) console.log((error as RoutedOpenAIError).apikeyrouter.category); }
 */
export interface RouterErrorFields {
  /** The router's error category (`rate_limit`, `budget_exceeded`, …). */
  category: ErrorCategory;
  /** Why the router routed (and failed) as it did; never key material. */
  explanation: RoutingExplanation | undefined;
  /** Id of the key involved, when one was (never the material). */
  keyId: string | undefined;
  /** Provider involved, when one was. */
  providerId: string | undefined;
  /** The upstream provider's own error code or type (`rate_limit_error`, `RESOURCE_EXHAUSTED`), scrubbed. */
  upstreamCode: string | undefined;
}

/**
 * An `openai` package error with the router's fields attached.
 *
 * @example
 * String((error as RoutedOpenAIError).apikeyrouter.explanation);
 */
export type RoutedOpenAIError = APIError & { apikeyrouter: RouterErrorFields };

interface StatusMapping {
  status: number;
  type: string;
}

/** OpenAI's HTTP status and error `type` for each router category, as the OpenAI API would answer. */
const STATUS: Partial<Record<ErrorCategory, StatusMapping>> = {
  validation: { status: 400, type: 'invalid_request_error' },
  context_length: { status: 400, type: 'invalid_request_error' },
  content_filter: { status: 400, type: 'invalid_request_error' },
  authentication: { status: 401, type: 'authentication_error' },
  permission: { status: 403, type: 'permission_error' },
  not_found: { status: 404, type: 'invalid_request_error' },
  rate_limit: { status: 429, type: 'rate_limit_error' },
  quota_exhausted: { status: 429, type: 'insufficient_quota' },
  budget_exceeded: { status: 429, type: 'budget_exceeded' },
  provider: { status: 502, type: 'server_error' },
  configuration: { status: 500, type: 'server_error' },
  store_unavailable: { status: 503, type: 'service_unavailable' },
};

const DEFAULT_CODE: Partial<Record<ErrorCategory, string>> = {
  context_length: 'context_length_exceeded',
  content_filter: 'content_filter',
  not_found: 'model_not_found',
  quota_exhausted: 'insufficient_quota',
  budget_exceeded: 'budget_exceeded',
  rate_limit: 'rate_limit_exceeded',
};

function headersFor(error: RouterError, requestId: string | undefined): Headers {
  const headers = new Headers();
  if (error.retryAfterMs !== undefined) {
    headers.set('retry-after', String(Math.max(0, Math.ceil(error.retryAfterMs / 1000))));
    headers.set('retry-after-ms', String(Math.max(0, Math.round(error.retryAfterMs))));
  }
  if (requestId !== undefined) headers.set('x-request-id', requestId);
  return headers;
}

function attach<E extends APIError>(target: E, error: RouterError): E & { apikeyrouter: RouterErrorFields } {
  const fields: RouterErrorFields = {
    category: error.category,
    explanation: error.explanation,
    keyId: error.keyId,
    providerId: error.providerId,
    upstreamCode: error.upstreamCode,
  };
  return Object.assign(target, { apikeyrouter: fields });
}

/** The HTTP-shaped part of a router failure: status, error body and headers, as the OpenAI API sends them. */
function httpError(error: RouterError, mapping: StatusMapping, code?: string): APIError {
  const status =
    error.category === 'provider' && error.status !== undefined && error.status >= 500
      ? error.status
      : mapping.status;
  const requestId = error.explanation?.requestId;
  const body = {
    message: error.message,
    type: mapping.type,
    param: typeof error.details?.param === 'string' ? error.details.param : null,
    // A budget refusal's own code says how it was refused; callers switch on the category's code.
    code:
      code ??
      (error.category === 'budget_exceeded' ? 'budget_exceeded' : error.code) ??
      DEFAULT_CODE[error.category] ??
      null,
  };
  const headers = headersFor(error, requestId);
  switch (status) {
    case 400:
      return new BadRequestError(400, body, undefined, headers);
    case 401:
      return new AuthenticationError(401, body, undefined, headers);
    case 403:
      return new PermissionDeniedError(403, body, undefined, headers);
    case 404:
      return new NotFoundError(404, body, undefined, headers);
    case 429:
      return new RateLimitError(429, body, undefined, headers);
    default:
      return new InternalServerError(status, body, undefined, headers);
  }
}

/**
 * Turns whatever the router threw into the `openai` package's own error class — `RateLimitError`,
 * `AuthenticationError`, `BadRequestError`, `NotFoundError`, `APIConnectionError`,
 * `APIConnectionTimeoutError`, `APIUserAbortError`, … — so `catch` blocks written for the official SDK work
 * unchanged. Status, `retry-after` headers and the router's explanation (under `apikeyrouter`) are attached.
 * `no_eligible_keys` becomes a 429 when the router knows when a key frees up, otherwise a 503.
 *
 * @example
 * try { await router.route(intent); } catch (error) { throw toOpenAIError(error); }
 */
export function toOpenAIError(thrown: unknown): RoutedOpenAIError {
  if (thrown instanceof APIError && 'apikeyrouter' in thrown) return thrown as RoutedOpenAIError;
  const error = RouterError.isInstance(thrown)
    ? thrown
    : new RouterError('provider', 'The router failed unexpectedly', { cause: thrown });
  switch (error.category) {
    case 'aborted':
      return attach(new APIUserAbortError({ message: error.message }), error);
    case 'timeout':
      return attach(new APIConnectionTimeoutError({ message: error.message }), error);
    case 'network':
      return attach(new APIConnectionError({ message: error.message }), error);
    case 'no_eligible_keys': {
      // No candidate at all means no configured provider serves the model: OpenAI's "model not found".
      if (error.explanation?.candidates.length === 0) {
        return attach(
          httpError(error, { status: 404, type: 'invalid_request_error' }, 'model_not_found'),
          error,
        );
      }
      const mapping =
        error.retryAfterMs !== undefined
          ? { status: 429, type: 'rate_limit_error' }
          : { status: 503, type: 'service_unavailable' };
      return attach(httpError(error, mapping), error);
    }
    default:
      return attach(httpError(error, STATUS[error.category] ?? { status: 500, type: 'server_error' }), error);
  }
}

/**
 * A 400 for input the drop-in client cannot route (an option it does not support, a malformed message).
 *
 * @example
 * throw invalidParam('n', 'n > 1 is not supported');
 */
export function invalidParam(param: string, message: string): RoutedOpenAIError {
  return toOpenAIError(new RouterError('validation', message, { details: { param } }));
}
