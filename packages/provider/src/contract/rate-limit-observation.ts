/**
 * Quota dimensions the router tracks per key.
 * - `requests_per_minute`, `tokens_per_minute`, `input_tokens_per_minute`, `output_tokens_per_minute`
 * - `requests_per_day`, `tokens_per_day`
 * - `concurrency`: requests in flight at once
 *
 * @example
 * ```ts
 * const dimension: QuotaDimension = 'input_tokens_per_minute';
 * const observation: RateLimitObservation = {
 *   dimensions: [{ dimension, limit: 40_000, remaining: 0, resetAt: now + 30_000 }],
 * };
 * ```
 */
export type QuotaDimension =
  | 'requests_per_minute'
  | 'tokens_per_minute'
  | 'input_tokens_per_minute'
  | 'output_tokens_per_minute'
  | 'requests_per_day'
  | 'tokens_per_day'
  | 'concurrency';

/**
 * What a provider told us about one limit on one response.
 *
 * @example
 * ```ts
 * // From `x-ratelimit-limit-requests: 500`, `…-remaining-requests: 499`, `…-reset-requests: 120ms`:
 * const requests: DimensionObservation = { dimension: 'requests_per_minute', limit: 500, remaining: 499, resetAt: now + 120 };
 * const observation: RateLimitObservation = { dimensions: [requests] };
 * ```
 */
export interface DimensionObservation {
  /** Which limit. */
  dimension: QuotaDimension;
  /** The limit in force, when the provider said. */
  limit?: number;
  /** What remains of it now, when the provider said. */
  remaining?: number;
  /** Epoch ms when the limit replenishes fully, when the provider said. */
  resetAt?: number;
}

/**
 * Rate-limit facts parsed from a provider's response headers or error body. Adapters produce it; the quota
 * engine learns from it.
 *
 * @example
 * ```ts
 * // An adapter's `parseRateLimits(headers, now)`:
 * function parseRateLimits(headers: Headers, now: number): RateLimitObservation {
 *   const remaining = clampLimitValue(Number(headers.get('x-ratelimit-remaining-requests') ?? Number.NaN));
 *   return { dimensions: [{ dimension: 'requests_per_minute', remaining }], retryAfterMs: parseRetryAfter(headers, now) };
 * }
 * ```
 */
export interface RateLimitObservation {
  /** Per-dimension facts. */
  dimensions: DimensionObservation[];
  /** Provider-requested wait before the next request, in ms (`retry-after-ms`, `retry-after`, RetryInfo). */
  retryAfterMs?: number;
  /** Epoch ms until which the key is out of a period quota (e.g. a Gemini per-day quota), when known. */
  exhaustedUntil?: number;
}
