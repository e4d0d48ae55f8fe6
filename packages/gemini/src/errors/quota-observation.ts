import type { DimensionObservation, QuotaDimension, RateLimitObservation } from '@apikeyrouter/provider';
import type { QuotaViolation } from './google-error.js';
import { nextPacificMidnight } from './next-pacific-midnight.js';

/**
 * The router dimension a Gemini quota id describes, e.g. `GenerateRequestsPerMinutePerProjectPerModel` →
 * `requests_per_minute`, `GenerateContentInputTokensPerModelPerMinute` → `input_tokens_per_minute`.
 *
 * @example
 * quotaDimension('GenerateRequestsPerDayPerProjectPerModel-FreeTier'); // 'requests_per_day'
 */
export function quotaDimension(quotaId: string | undefined): QuotaDimension | undefined {
  if (quotaId === undefined) return undefined;
  const perDay = /PerDay/i.test(quotaId);
  const perMinute = /PerMinute/i.test(quotaId);
  if (/Requests/i.test(quotaId)) {
    if (perDay) return 'requests_per_day';
    if (perMinute) return 'requests_per_minute';
  } else if (/Tokens/i.test(quotaId)) {
    if (perDay) return 'tokens_per_day';
    if (perMinute) return /Input/i.test(quotaId) ? 'input_tokens_per_minute' : 'tokens_per_minute';
  }
  return undefined;
}

/**
 * What a 429's QuotaFailure tells the quota engine.
 *
 * @example
 * ```ts
 * const facts: QuotaFacts = quotaFacts(error.violations, clock.now(), error.retryDelayMs);
 * if (facts.perDay) console.warn('daily quota spent until', facts.rateLimits.exhaustedUntil);
 * ```
 */
export interface QuotaFacts {
  /** The observation to attach to the error. */
  rateLimits: RateLimitObservation;
  /** A per-day quota is spent: out until {@link RateLimitObservation.exhaustedUntil}. */
  perDay: boolean;
  /** The smallest per-minute token quota violated, for the too-large check. */
  perMinuteTokenLimit?: number;
}

/**
 * Turns QuotaFailure violations into a rate-limit observation: each known quota becomes a dimension with its
 * limit, nothing remaining, and its reset (now + retry delay per minute, next Pacific midnight per day). A
 * per-day violation also sets `exhaustedUntil`.
 *
 * @example
 * quotaFacts([{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel', quotaValue: 15 }], Date.UTC(2026, 0, 1), 58_000)
 *   .rateLimits.dimensions[0]; // { dimension: 'requests_per_minute', limit: 15, remaining: 0, resetAt: … + 58000 }
 */
export function quotaFacts(
  violations: readonly QuotaViolation[],
  now: number,
  retryAfterMs: number | undefined,
): QuotaFacts {
  const perDay = violations.some((v) => /PerDay/i.test(v.quotaId ?? ''));
  const exhaustedUntil = perDay ? nextPacificMidnight(now) : undefined;
  const dimensions: DimensionObservation[] = [];
  let perMinuteTokenLimit: number | undefined;
  for (const violation of violations) {
    const dimension = quotaDimension(violation.quotaId);
    if (!dimension) continue;
    const observation: DimensionObservation = { dimension, remaining: 0 };
    if (violation.quotaValue !== undefined) observation.limit = violation.quotaValue;
    const resetAt = dimension.endsWith('_per_day')
      ? exhaustedUntil
      : retryAfterMs !== undefined
        ? now + retryAfterMs
        : undefined;
    if (resetAt !== undefined) observation.resetAt = resetAt;
    dimensions.push(observation);
    if (dimension.endsWith('tokens_per_minute') && violation.quotaValue !== undefined) {
      perMinuteTokenLimit = Math.min(perMinuteTokenLimit ?? Number.POSITIVE_INFINITY, violation.quotaValue);
    }
  }
  const rateLimits: RateLimitObservation = { dimensions };
  if (exhaustedUntil !== undefined) {
    rateLimits.exhaustedUntil = exhaustedUntil;
    rateLimits.retryAfterMs = exhaustedUntil - now;
  } else if (retryAfterMs !== undefined) {
    rateLimits.retryAfterMs = retryAfterMs;
  }
  const facts: QuotaFacts = { rateLimits, perDay };
  if (perMinuteTokenLimit !== undefined) facts.perMinuteTokenLimit = perMinuteTokenLimit;
  return facts;
}
