import { parseRetryAfter, type RateLimitObservation } from '@apikeyrouter/provider';

/**
 * Ollama sends no rate-limit headers, so the observation has no dimensions. An authenticating proxy in front
 * of it may answer 429 with `retry-after-ms` / `retry-after`; that wait is kept.
 *
 * @example
 * parseOllamaRateLimits(new Headers(), Date.now()); // { dimensions: [] }
 * parseOllamaRateLimits(new Headers({ 'retry-after': '2' }), Date.now()); // { dimensions: [], retryAfterMs: 2000 }
 */
export function parseOllamaRateLimits(headers: Headers, now: number): RateLimitObservation {
  const retryAfterMs = parseRetryAfter(headers, now);
  return retryAfterMs === undefined ? { dimensions: [] } : { dimensions: [], retryAfterMs };
}
