/**
 * Reads the wait a provider asked for, in the order users expect: `retry-after-ms`, then `retry-after` as
 * seconds or as an HTTP date. Returns undefined when neither is present or parseable.
 *
 * @example
 * parseRetryAfter(new Headers({ 'retry-after': '2' }), clock.now()); // 2000
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
