import type { DimensionObservation, RateLimitObservation } from '../adapter/rate-limit-observation.js';
import { clampFuture, clampWaitMs } from '../clock/instant.js';

/** Larger reported limits are nonsense (no provider counts a trillion of anything per window). */
const MAX_LIMIT = 1e12;

function sanitizeDimension(facts: DimensionObservation, now: number): DimensionObservation {
  const safe: DimensionObservation = { dimension: facts.dimension };
  // A limit is a whole count ≥ 1: a fractional one (`limit-tokens: 0.5`) would refuse every request forever.
  if (
    Number.isSafeInteger(facts.limit) &&
    (facts.limit as number) >= 1 &&
    (facts.limit as number) <= MAX_LIMIT
  ) {
    safe.limit = facts.limit as number;
  }
  if (typeof facts.remaining === 'number' && Number.isFinite(facts.remaining)) {
    safe.remaining = Math.min(MAX_LIMIT, Math.max(0, Math.floor(facts.remaining)));
  }
  if (typeof facts.resetAt === 'number' && !Number.isNaN(facts.resetAt) && facts.resetAt > now) {
    safe.resetAt = clampFuture(facts.resetAt, now);
  }
  return safe;
}

/**
 * What the quota engine may learn from an upstream observation (defence in depth, whatever the adapter did):
 * waits and instants finite and at most 31 days ahead, limits whole numbers from 1 to 10^12 (others dropped,
 * so the key keeps its previous limit and re-learns from the next sane response), remaining counts whole and
 * non-negative.
 *
 * @example
 * sanitizeObservation({ dimensions: [], retryAfterMs: 1e13 }, now).retryAfterMs; // 2_678_400_000 (31 days)
 */
export function sanitizeObservation(observation: RateLimitObservation, now: number): RateLimitObservation {
  const safe: RateLimitObservation = {
    dimensions: Array.isArray(observation.dimensions)
      ? observation.dimensions.map((facts) => sanitizeDimension(facts, now))
      : [],
  };
  if (typeof observation.retryAfterMs === 'number') {
    const wait = clampWaitMs(observation.retryAfterMs);
    if (wait > 0) safe.retryAfterMs = wait;
  }
  if (typeof observation.exhaustedUntil === 'number' && observation.exhaustedUntil > now) {
    safe.exhaustedUntil = clampFuture(observation.exhaustedUntil, now);
  }
  return safe;
}
