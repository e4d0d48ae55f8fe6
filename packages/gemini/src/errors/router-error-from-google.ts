import {
  categoryForStatus,
  type ErrorCategory,
  type RouterError,
  type UpstreamErrorOptions,
  upstreamError,
} from '@apikeyrouter/provider';
import { type GoogleError, readGoogleError } from './google-error.js';
import { quotaFacts } from './quota-observation.js';

/**
 * What the classifier knows besides the error body.
 *
 * @example
 * ```ts
 * const now = clock.now();
 * const context: GoogleErrorContext = {
 *   providerId: 'gemini',
 *   now,
 *   headerRetryAfterMs: parseRetryAfter(response.headers, now),
 *   rawText: text,
 * };
 * throw routerErrorFromGoogle(response.status, JSON.parse(text), context);
 * ```
 */
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
const OVERLOADED = /overloaded/i;

function isAuthentication(error: GoogleError | undefined, httpStatus: number): boolean {
  if (httpStatus === 401 || error?.status === 'UNAUTHENTICATED') return true;
  if (error?.reason !== undefined && KEY_REASONS.has(error.reason)) return true;
  return BAD_KEY.test(error?.message ?? '');
}

function quotaError(
  error: GoogleError | undefined,
  httpStatus: number | undefined,
  base: UpstreamErrorOptions,
  text: string,
  ctx: GoogleErrorContext,
): RouterError {
  const message = error?.message ?? '';
  const facts = quotaFacts(error?.violations ?? [], ctx.now, base.retryAfterMs);
  const options: UpstreamErrorOptions = { ...base, rateLimits: facts.rateLimits };
  const status = httpStatus;
  if (facts.perDay) {
    return upstreamError({ category: 'quota_exhausted', status }, text, {
      ...options,
      retryAfterMs: facts.rateLimits.retryAfterMs,
    });
  }
  if (BILLING.test(message))
    return upstreamError({ category: 'quota_exhausted', status }, text, {
      ...options,
      retryAfterMs: undefined,
    });
  const limit = facts.perMinuteTokenLimit;
  if (limit !== undefined && ctx.estimateInputTokens && ctx.estimateInputTokens() > limit) {
    // Waiting cannot help a prompt larger than the whole per-minute budget: skip this key for this request.
    return upstreamError({ category: 'rate_limit', status, keyEffect: 'skip' }, text, {
      ...options,
      retryAfterMs: undefined,
      retryable: true,
      details: { ...options.details, tooLarge: true, limit },
    });
  }
  return upstreamError({ category: 'rate_limit', status }, text, options);
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
 * Classifies a Gemini error (an HTTP error body, an `{"error": …}` body inside a 200, or such an event inside a
 * stream, where `httpStatus` is undefined) as a {@link RouterError}; without an HTTP error status the body's
 * `error.code` decides the category. The body must already be scrubbed of key material. Bad keys (400 `API_KEY_INVALID`,
 * 401) → `authentication`; 403 → `permission`; 429 `RESOURCE_EXHAUSTED` → `rate_limit` (per-minute,
 * retry after RetryInfo), `quota_exhausted` (a `PerDay` quota: `exhaustedUntil` = next Pacific midnight; or
 * depleted prepaid credits), or `rate_limit` with key effect `skip` when the prompt alone exceeds the
 * per-minute token quota; 400 token-count messages → `context_length`; 404 → `not_found`; 504
 * `DEADLINE_EXCEEDED` → `timeout`; 500/503 → `provider`. `code` is the kit's canonical code for that verdict
 * (`UPSTREAM_ERROR_CODES`); Google's status name (`RESOURCE_EXHAUSTED`, …) is `upstreamCode`.
 *
 * @example
 * routerErrorFromGoogle(429, { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded' } },
 *   { providerId: 'gemini', now: clock.now() }).category; // 'rate_limit'
 */
export function routerErrorFromGoogle(
  httpStatus: number | undefined,
  body: unknown,
  ctx: GoogleErrorContext,
): RouterError {
  const error = readGoogleError(body);
  const status = error?.status;
  // An error inside a 200 body or a stream: the body's own `error.code` says which HTTP error it stands for.
  const bodyCode = error?.code;
  const meant =
    httpStatus !== undefined && httpStatus >= 400
      ? httpStatus
      : bodyCode !== undefined && Number.isInteger(bodyCode) && bodyCode >= 400
        ? bodyCode
        : 500;
  const snippet = (ctx.rawText ?? '').slice(0, 200).trim();
  const message = error?.message ?? (snippet === '' ? 'no error details' : snippet);
  const text = `Gemini ${httpStatus ?? 'stream'}${status ? ` ${status}` : ''}: ${message}`;
  const details: Record<string, unknown> = {};
  if (error?.reason !== undefined) details.reason = error.reason;
  const quotaIds = error?.violations.map((v) => v.quotaId).filter((id) => id !== undefined) ?? [];
  if (quotaIds.length > 0) details.quotaIds = quotaIds;
  const base: UpstreamErrorOptions = {
    providerId: ctx.providerId,
    upstreamCode: status,
    retryAfterMs: ctx.headerRetryAfterMs ?? error?.retryDelayMs,
    details: Object.keys(details).length > 0 ? details : undefined,
  };
  if (!isAuthentication(error, meant) && (meant === 429 || status === 'RESOURCE_EXHAUSTED')) {
    return quotaError(error, httpStatus, base, text, ctx);
  }
  const category = categoryOf(error, meant);
  const options = { ...base };
  if (base.retryAfterMs !== undefined)
    options.rateLimits = { dimensions: [], retryAfterMs: base.retryAfterMs };
  // Gemini answers "The model is overloaded" with 503 UNAVAILABLE.
  const verdict = { category, status: httpStatus, overloaded: OVERLOADED.test(error?.message ?? '') };
  return upstreamError(verdict, text, options);
}
