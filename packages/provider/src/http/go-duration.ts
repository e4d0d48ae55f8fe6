const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
};
const PART = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g;

/**
 * Parses a Go-style duration as OpenAI sends in `x-ratelimit-reset-*` (`1s`, `6m0s`, `12ms`, `2m59.56s`) into
 * milliseconds. Plain numbers are taken as seconds (Azure). Returns undefined for anything else, including
 * negative values such as Azure's `-1`.
 *
 * @example
 * parseGoDuration('2m59.56s'); // 179560
 */
export function parseGoDuration(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const value = text.trim();
  if (value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  let total = 0;
  let consumed = 0;
  for (const match of value.matchAll(PART)) {
    if (match.index !== consumed) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    consumed += match[0].length;
  }
  return consumed === value.length && consumed > 0 ? Math.round(total) : undefined;
}
