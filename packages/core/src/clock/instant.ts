/**
 * The furthest ahead any upstream time fact (retry-after, reset, exhausted-until) may reach: 31 days. A
 * monthly quota resets within it; anything beyond is a hostile or broken upstream.
 *
 * @example
 * clampFuture(now + 1e13, now) === now + MAX_FUTURE_MS; // true
 */
export const MAX_FUTURE_MS = 31 * 86_400_000;

/**
 * An upstream instant made safe: finite and within `[now, now + MAX_FUTURE_MS]`; NaN becomes `now`.
 *
 * @example
 * clampFuture(Number.POSITIVE_INFINITY, now); // now + 31 days
 */
export function clampFuture(instant: number, now: number): number {
  if (Number.isNaN(instant) || instant <= now) return now;
  return Math.min(instant, now + MAX_FUTURE_MS);
}

/**
 * An upstream wait made safe: finite and within `[0, MAX_FUTURE_MS]`; NaN becomes 0.
 *
 * @example
 * clampWaitMs(1e13); // MAX_FUTURE_MS
 */
export function clampWaitMs(ms: number): number {
  if (Number.isNaN(ms) || ms <= 0) return 0;
  return Math.min(ms, MAX_FUTURE_MS);
}

/**
 * An instant as ISO 8601 text, never throwing: instants a `Date` cannot hold are written as epoch ms.
 *
 * @example
 * formatInstant(0); // '1970-01-01T00:00:00.000Z'
 * formatInstant(1e306); // 'epoch ms 1e+306'
 */
export function formatInstant(ms: number): string {
  // ±8.64e15 ms is the range a Date holds (ECMA-262 §21.4.1.1).
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `epoch ms ${ms}`;
}
