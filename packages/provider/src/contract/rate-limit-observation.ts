/**
 * Quota dimensions the router tracks per key.
 * - `requests_per_minute`, `tokens_per_minute`, `input_tokens_per_minute`, `output_tokens_per_minute`
 * - `requests_per_day`, `tokens_per_day`
 * - `concurrency`: requests in flight at once
 */
export type QuotaDimension =
  | 'requests_per_minute'
  | 'tokens_per_minute'
  | 'input_tokens_per_minute'
  | 'output_tokens_per_minute'
  | 'requests_per_day'
  | 'tokens_per_day'
  | 'concurrency';

/** What a provider told us about one limit on one response. */
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
 */
export interface RateLimitObservation {
  /** Per-dimension facts. */
  dimensions: DimensionObservation[];
  /** Provider-requested wait before the next request, in ms (`retry-after-ms`, `retry-after`, RetryInfo). */
  retryAfterMs?: number;
  /** Epoch ms until which the key is out of a period quota (e.g. a Gemini per-day quota), when known. */
  exhaustedUntil?: number;
}
