import {
  categoryForStatus,
  type ErrorCategory,
  RouterError,
  type RouterErrorOptions,
} from '@apikeyrouter/provider';
import { type GoogleError, readGoogleError } from './google-error.js';
import { quotaFacts } from './quota-observation.js';

/** What the classifier knows besides the error body. */
export interface GoogleErrorContext {
  /** Provider id to stamp on the error. */
  providerId: string;
  /** `clock.now()` when the error arrived. */
  now: number;
  /** `retry-after-ms` / `retry-after` from the HTTP response, already parsed (they win over RetryInfo). */
  headerRetryAfterMs?: number;
  /** Estimated prompt tokens of the failed request, to spot a request no per-minute quota can ever admit. */
  estimateInputTokens?: () => number;
  /** Text to quote when the body is not a Google error (already scrubbed). */
  rawText?: string;
}

const KEY_REASONS = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED', 'API_KEY_SERVICE_BLOCKED']);
const BAD_KEY =
  /API key (not valid|expired|invalid)|unregistered callers|invalid authentication credentials/i;
const CONTEXT =
  /input token count.*exceeds|exceeds the maximum number of tokens|too many tokens|context (window|length)/i;
const REGION = /location is not supported|not available in your country|unsupported (region|location)/i;
const BILLING = /prepayment credits|credits are depleted|billing (account|details) .*(disabled|closed)/i;

function isAuthentication(error: GoogleError | undefined, httpStatus: number): boolean {
  if (httpStatus === 401 || error?.status === 'UNAUTHENTICATED') return true;
  if (error?.reason !== undefined && KEY_REASONS.has(error.reason)) return true;
  return BAD_KEY.test(error?.message ?? '');
}

function quotaError(
  error: GoogleError | undefined,
  base: RouterErrorOptions,
  text: string,
  ctx: GoogleErrorContext,
) {
  const message = error?.message ?? '';
  const facts = quotaFacts(error?.violations ?? [], ctx.now, base.retryAfterMs);
  const options: RouterErrorOptions = { ...base, rateLimits: facts.rateLimits };
  if (facts.perDay) {
    return new RouterError('quota_exhausted', text, {
      ...options,
      retryAfterMs: facts.rateLimits.retryAfterMs,
    });
  }
  if (BILLING.test(message))
    return new RouterError('quota_exhausted', text, { ...options, retryAfterMs: undefined });
  const limit = facts.perMinuteTokenLimit;
  if (limit !== undefined && ctx.estimateInputTokens && ctx.estimateInputTokens() > limit) {
    // Waiting cannot help a prompt larger than the whole per-minute budget: skip this key for this request.
    return new RouterError('rate_limit', text, {
      ...options,
      retryAfterMs: undefined,
      keyEffect: 'skip',
      retryable: true,
      details: { ...options.details, tooLarge: true, limit },
    });
  }
  return new RouterError('rate_limit', text, options);
}

function categoryOf(error: GoogleError | undefined, httpStatus: number): ErrorCategory {
  const status = error?.status;
  const message = error?.message ?? '';
  if (isAuthentication(error, httpStatus)) return 'authentication';
  if (status === 'PERMISSION_DENIED' || httpStatus === 403) return 'permission';
  if (status === 'FAILED_PRECONDITION' && REGION.test(message)) return 'permission';
  if ((status === 'INVALID_ARGUMENT' || httpStatus === 400) && CONTEXT.test(message)) return 'context_length';
  if (status === 'INVALID_ARGUMENT' || status === 'FAILED_PRECONDITION' || status === 'OUT_OF_RANGE')
    return 'validation';
  if (status === 'NOT_FOUND') return 'not_found';
  if (status === 'DEADLINE_EXCEEDED') return 'timeout';
  if (status === 'UNAVAILABLE' || status === 'INTERNAL' || status === 'UNKNOWN') return 'provider';
  return categoryForStatus(httpStatus);
}

/**
 * Classifies a Gemini error (an HTTP error body, or an `{"error": …}` event inside a stream) as a
 * {@link RouterError}. The body must already be scrubbed of key material. Bad keys (400 `API_KEY_INVALID`,
 * 401) → `authentication`; 403 → `permission`; 429 `RESOURCE_EXHAUSTED` → `rate_limit` (per-minute,
 * retry after RetryInfo), `quota_exhausted` (a `PerDay` quota: `exhaustedUntil` = next Pacific midnight; or
 * depleted prepaid credits), or `rate_limit` with key effect `skip` when the prompt alone exceeds the
 * per-minute token quota; 400 token-count messages → `context_length`; 404 → `not_found`; 504
 * `DEADLINE_EXCEEDED` → `timeout`; 500/503 → `provider`.
 *
 * @example
 * routerErrorFromGoogle(429, { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded' } },
 *   { providerId: 'gemini', now: clock.now() }).category; // 'rate_limit'
 */
export function routerErrorFromGoogle(
  httpStatus: number,
  body: unknown,
  ctx: GoogleErrorContext,
): RouterError {
  const error = readGoogleError(body);
  const status = error?.status;
  const snippet = (ctx.rawText ?? '').slice(0, 200).trim();
  const message = error?.message ?? (snippet === '' ? 'no error details' : snippet);
  const text = `Gemini ${httpStatus}${status ? ` ${status}` : ''}: ${message}`;
  const details: Record<string, unknown> = {};
  if (status !== undefined) details.googleStatus = status;
  if (error?.reason !== undefined) details.reason = error.reason;
  const quotaIds = error?.violations.map((v) => v.quotaId).filter((id) => id !== undefined) ?? [];
  if (quotaIds.length > 0) details.quotaIds = quotaIds;
  const base: RouterErrorOptions = {
    providerId: ctx.providerId,
    status: httpStatus,
    code: status ?? `HTTP_${httpStatus}`,
    retryAfterMs: ctx.headerRetryAfterMs ?? error?.retryDelayMs,
    details,
  };
  if (!isAuthentication(error, httpStatus) && (httpStatus === 429 || status === 'RESOURCE_EXHAUSTED')) {
    return quotaError(error, base, text, ctx);
  }
  const category = categoryOf(error, httpStatus);
  const options = { ...base };
  if (base.retryAfterMs !== undefined)
    options.rateLimits = { dimensions: [], retryAfterMs: base.retryAfterMs };
  return new RouterError(category, text, options);
}
