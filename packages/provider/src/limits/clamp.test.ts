import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clampLimitValue,
  clampObservation,
  clampResetAt,
  clampRetryAfterMs,
  MAX_RESET_MS,
  MAX_RETRY_AFTER_MS,
} from './clamp.js';

const now = Date.UTC(2026, 10, 30);

describe('clamps', () => {
  it('caps waits at 24 h and drops nonsense', () => {
    expect(clampRetryAfterMs(1e13)).toBe(MAX_RETRY_AFTER_MS);
    expect(clampRetryAfterMs(1e306)).toBe(MAX_RETRY_AFTER_MS);
    expect(clampRetryAfterMs(2500)).toBe(2500);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1, undefined])
      expect(clampRetryAfterMs(bad)).toBeUndefined();
  });

  it('keeps resets between now and 31 days ahead', () => {
    expect(clampResetAt(now + 99999999999 * 3_600_000, now)).toBe(now + MAX_RESET_MS);
    expect(clampResetAt(now - 5000, now)).toBe(now);
    expect(clampResetAt(Number.NaN, now)).toBeUndefined();
  });

  it('believes only integer limits from 0 to 10^12', () => {
    expect(clampLimitValue(500)).toBe(500);
    for (const bad of [0.5, -1, Number.NaN, 1e13, Number.POSITIVE_INFINITY])
      expect(clampLimitValue(bad)).toBeUndefined();
  });

  it('any observation comes out with valid Date instants and sane numbers', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dimension: fc.constant('tokens_per_minute' as const),
            limit: fc.option(fc.double(), { nil: undefined }),
            remaining: fc.option(fc.double(), { nil: undefined }),
            resetAt: fc.option(fc.double(), { nil: undefined }),
          }),
        ),
        fc.option(fc.double(), { nil: undefined }),
        fc.option(fc.double(), { nil: undefined }),
        (dimensions, retryAfterMs, exhaustedUntil) => {
          const safe = clampObservation({ dimensions, retryAfterMs, exhaustedUntil }, now);
          for (const d of safe.dimensions) {
            if (d.limit !== undefined) expect(Number.isInteger(d.limit) && d.limit > 0).toBe(true);
            if (d.remaining !== undefined)
              expect(Number.isInteger(d.remaining) && d.remaining >= 0).toBe(true);
            if (d.resetAt !== undefined)
              expect(() => new Date(d.resetAt as number).toISOString()).not.toThrow();
          }
          if (safe.exhaustedUntil !== undefined) {
            expect(new Date(safe.exhaustedUntil).toISOString()).toBeTypeOf('string');
          }
          if (safe.retryAfterMs !== undefined)
            expect(safe.retryAfterMs).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
        },
      ),
    );
  });
});
