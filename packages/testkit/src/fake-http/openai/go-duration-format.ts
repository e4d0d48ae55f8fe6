function trim(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toString();
}

/**
 * Formats milliseconds the way Go's `time.Duration` prints (what OpenAI puts in `x-ratelimit-reset-*`):
 * `12ms`, `1.146s`, `6m0s`, `1h2m3s`.
 *
 * @example
 * formatGoDuration(179_560); // '2m59.56s'
 */
export function formatGoDuration(ms: number): string {
  if (!(ms > 0)) return '0s';
  if (ms < 1000) return `${trim(ms, 3)}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  let out = '';
  if (hours > 0) out += `${hours}h`;
  if (hours > 0 || minutes > 0) out += `${minutes}m`;
  return `${out}${trim(seconds, 3)}s`;
}
