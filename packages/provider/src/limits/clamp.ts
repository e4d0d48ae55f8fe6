import type { DimensionObservation, RateLimitObservation } from '../contract/rate-limit-observation.js';

/**
 * Longest wait an upstream may impose through `retry-after` (and any throttle): 24 hours.
 *
 * @example
 * ```ts
 * clampRetryAfterMs(7 * 86_400_000) === MAX_RETRY_AFTER_MS; // true: a week-long retry-after is cut to 24 h
 * ```
 */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
/**
 * Furthest reset an upstream may announce: 31 days (a monthly quota).
 *
 * @example
 * ```ts
 * const now = Date.UTC(2026, 0, 1);
 * clampResetAt(now + 90 * 86_400_000, now) === now + MAX_RESET_MS; // true: a 90-day reset is cut to 31 days
 * ```
 */
export const MAX_RESET_MS = 31 * 24 * 60 * 60 * 1000;
/**
 * Largest rate-limit number believed (requests or tokens per window); anything above is noise.
 *
 * @example
 * ```ts
 * clampLimitValue(MAX_LIMIT_VALUE); // 1_000_000_000_000
 * clampLimitValue(MAX_LIMIT_VALUE + 1); // undefined: not believed
 * ```
 */
export const MAX_LIMIT_VALUE = 1e12;
/**
 * Latest instant a JavaScript Date can hold; nothing the router stores may exceed it.
 *
 * @example
 * ```ts
 * clampResetAt(Number.MAX_VALUE, now)! <= MAX_DATE_MS; // true, whatever `now` is
 * new Date(MAX_DATE_MS).toISOString(); // '+275760-09-13T00:00:00.000Z'
 * ```
 */
export const MAX_DATE_MS = 8.64e15;

/**
 * A wait in ms from an upstream made safe: non-finite or negative → undefined; above 24 h → 24 h.
 *
 * @example
 * clampRetryAfterMs(1e13); // 86_400_000
 */
export function clampRetryAfterMs(ms: number | undefined): number | undefined {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return undefined;
  return Math.min(Math.round(ms), MAX_RETRY_AFTER_MS);
}

/**
 * An upstream reset instant made safe: non-finite → undefined; in the past → `now`; further than 31 days
 * ahead → `now` + 31 days. The result is always a valid Date value.
 *
 * @example
 * clampResetAt(Number.MAX_VALUE, Date.UTC(2026, 0, 1)); // Date.UTC(2026, 0, 1) + 31 days
 */
export function clampResetAt(instant: number | undefined, now: number): number | undefined {
  if (typeof instant !== 'number' || !Number.isFinite(instant) || !Number.isFinite(now)) return undefined;
  const bounded = Math.min(Math.max(instant, now), now + MAX_RESET_MS);
  return Math.min(Math.round(bounded), MAX_DATE_MS);
}

/**
 * A rate-limit number (a limit or what remains) made safe: only integers from 0 to 10^12 are believed;
 * fractions, negatives, NaN and absurd values → undefined, so the router keeps (or re-learns) what it knew.
 *
 * @example
 * clampLimitValue(0.5); // undefined
 */
export function clampLimitValue(value: number | undefined): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_LIMIT_VALUE) {
    return undefined;
  }
  return value;
}

function clampDimension(dimension: DimensionObservation, now: number): DimensionObservation | undefined {
  const out: DimensionObservation = { dimension: dimension.dimension };
  const limit = clampLimitValue(dimension.limit);
  let remaining = clampLimitValue(dimension.remaining);
  if (limit !== undefined) {
    // A limit of 0 would disable the key for good: nothing ever re-learns it. Treat it as unknown.
    if (limit > 0) out.limit = limit;
    if (remaining !== undefined && limit > 0) remaining = Math.min(remaining, limit);
  }
  if (remaining !== undefined) out.remaining = remaining;
  const resetAt = clampResetAt(dimension.resetAt, now);
  if (resetAt !== undefined) out.resetAt = resetAt;
  return out.limit === undefined && out.remaining === undefined && out.resetAt === undefined
    ? undefined
    : out;
}

/**
 * A rate-limit observation with every number made safe ({@link clampLimitValue}, {@link clampResetAt},
 * {@link clampRetryAfterMs}); an exhaustion instant is capped at 31 days. Dimensions left with nothing are
 * dropped.
 *
 * @example
 * clampObservation({ dimensions: [{ dimension: 'tokens_per_minute', limit: 0.5 }], retryAfterMs: 1e13 }, now);
 * // { dimensions: [], retryAfterMs: 86_400_000 }
 */
export function clampObservation(observation: RateLimitObservation, now: number): RateLimitObservation {
  const dimensions: DimensionObservation[] = [];
  for (const dimension of Array.isArray(observation.dimensions) ? observation.dimensions : []) {
    const safe = clampDimension(dimension, now);
    if (safe) dimensions.push(safe);
  }
  const out: RateLimitObservation = { dimensions };
  const retryAfterMs = clampRetryAfterMs(observation.retryAfterMs);
  if (retryAfterMs !== undefined) out.retryAfterMs = retryAfterMs;
  const exhaustedUntil = clampResetAt(observation.exhaustedUntil, now);
  if (exhaustedUntil !== undefined) out.exhaustedUntil = exhaustedUntil;
  return out;
}
