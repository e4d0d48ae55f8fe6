/**
 * Formats milliseconds as a Go duration the way OpenAI's reset headers look (`1m2.5s`, `345ms`, `0s`).
 *
 * @example
 * formatGoDuration(62_500); // '1m2.5s'
 */
export function formatGoDuration(ms: number): string {
  if (ms <= 0) return '0s';
  if (ms < 1000) return `${Math.ceil(ms)}ms`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms - minutes * 60_000) / 10) / 100;
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}
