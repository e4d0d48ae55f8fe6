import {
  type DimensionObservation,
  parseGoDuration,
  parseRetryAfter,
  type QuotaDimension,
  type RateLimitObservation,
} from '@apikeyrouter/provider';

/**
 * How a server's `x-ratelimit-*` headers are meant.
 * - `openai`: `*-requests` per minute, `*-tokens` per minute, Go-duration resets.
 * - `groq`: `*-requests` per **day**, `*-tokens` per minute.
 * - `azure`: like `openai` but resets in integer seconds, `-1` meaning unknown.
 *
 * @example
 * ```ts
 * const dialect: RateLimitDialect = 'groq'; // x-ratelimit-*-requests are per day on Groq
 * parseOpenAIRateLimits(new Headers({ 'x-ratelimit-limit-requests': '14400' }), now, dialect).dimensions[0]?.dimension;
 * // 'requests_per_day'
 * ```
 */
export type RateLimitDialect = 'openai' | 'groq' | 'azure';

function numberHeader(headers: Headers, name: string): number | undefined {
  const text = headers.get(name);
  if (text === null || text.trim() === '') return undefined;
  const value = Number(text.trim());
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function observe(
  headers: Headers,
  now: number,
  dimension: QuotaDimension,
  names: { limit: string; remaining: string; reset?: string },
): DimensionObservation | undefined {
  const limit = numberHeader(headers, names.limit);
  const remaining = numberHeader(headers, names.remaining);
  const resetMs = names.reset === undefined ? undefined : parseGoDuration(headers.get(names.reset));
  if (limit === undefined && remaining === undefined && resetMs === undefined) return undefined;
  const observation: DimensionObservation = { dimension };
  if (limit !== undefined) observation.limit = limit;
  if (remaining !== undefined) observation.remaining = remaining;
  if (resetMs !== undefined) observation.resetAt = now + resetMs;
  return observation;
}

/**
 * Parses OpenAI-style rate-limit headers into an observation with absolute reset instants. Also reads
 * Mistral's `x-ratelimitbysize-{limit,remaining}-minute` (tokens per minute) when present; its monthly
 * window has no quota dimension and is ignored. Unparseable or negative values are skipped, never thrown.
 *
 * @example
 * parseOpenAIRateLimits(new Headers({ 'x-ratelimit-remaining-requests': '59', 'x-ratelimit-reset-requests': '1s' }), 0);
 * // { dimensions: [{ dimension: 'requests_per_minute', remaining: 59, resetAt: 1000 }] }
 */
export function parseOpenAIRateLimits(
  headers: Headers,
  now: number,
  dialect: RateLimitDialect = 'openai',
): RateLimitObservation {
  const dimensions: DimensionObservation[] = [];
  const requests = observe(headers, now, dialect === 'groq' ? 'requests_per_day' : 'requests_per_minute', {
    limit: 'x-ratelimit-limit-requests',
    remaining: 'x-ratelimit-remaining-requests',
    reset: 'x-ratelimit-reset-requests',
  });
  if (requests) dimensions.push(requests);
  const tokens = observe(headers, now, 'tokens_per_minute', {
    limit: 'x-ratelimit-limit-tokens',
    remaining: 'x-ratelimit-remaining-tokens',
    reset: 'x-ratelimit-reset-tokens',
  });
  if (tokens) dimensions.push(tokens);
  else {
    const mistral = observe(headers, now, 'tokens_per_minute', {
      limit: 'x-ratelimitbysize-limit-minute',
      remaining: 'x-ratelimitbysize-remaining-minute',
    });
    if (mistral) dimensions.push(mistral);
  }
  const observation: RateLimitObservation = { dimensions };
  const retryAfterMs = parseRetryAfter(headers, now);
  if (retryAfterMs !== undefined) observation.retryAfterMs = retryAfterMs;
  return observation;
}
