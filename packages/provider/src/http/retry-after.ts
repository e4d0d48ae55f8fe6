import { clampRetryAfterMs } from '../limits/clamp.js';

/**
 * Reads the wait a provider asked for, in the order users expect: `retry-after-ms`, then `retry-after` as
 * seconds or as an HTTP date. Returns undefined when neither is present or parseable; waits are capped at
 * 24 hours ({@link clampRetryAfterMs}), so a hostile `retry-after: 1e13` cannot park a key for centuries.
 *
 * @example
 * parseRetryAfter(new Headers({ 'retry-after': '2' }), clock.now()); // 2000
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = clampRetryAfterMs(Number(ms));
    if (value !== undefined) return value;
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? clampRetryAfterMs(seconds * 1000) : undefined;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return clampRetryAfterMs(Math.max(0, date - now));
}
