import {
  type DimensionObservation,
  parseRetryAfter,
  type QuotaDimension,
  type RateLimitObservation,
} from '@apikeyrouter/provider';

/** Anthropic header family → router dimension, in reporting order. `tokens` is the most restrictive token limit. */
const FAMILIES: ReadonlyArray<readonly [string, QuotaDimension]> = [
  ['requests', 'requests_per_minute'],
  ['tokens', 'tokens_per_minute'],
  ['input-tokens', 'input_tokens_per_minute'],
  ['output-tokens', 'output_tokens_per_minute'],
];
const FAMILY_SLOT = new Map(FAMILIES.map(([family], slot) => [family, slot]));
const PREFIX = 'anthropic-ratelimit-';

function readCount(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

/**
 * Reads a reset header: an RFC 3339 instant as documented; defensively also plain seconds from `now`.
 *
 * @example
 * readResetInstant('2026-01-01T00:00:30Z', 0); // 1767225630000
 */
export function readResetInstant(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return now + Math.round(Number(text) * 1000);
  const instant = Date.parse(text);
  return Number.isNaN(instant) ? undefined : instant;
}

/**
 * Parses `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}` and
 * `retry-after-ms` / `retry-after` into an observation with absolute reset instants.
 *
 * @example
 * const headers = new Headers({ 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '49' });
 * parseAnthropicRateLimits(headers, Date.now()).dimensions;
 * // [{ dimension: 'requests_per_minute', limit: 50, remaining: 49 }]
 */
export function parseAnthropicRateLimits(headers: Headers, now: number): RateLimitObservation {
  // One pass over the headers: on undici, iterating is several times cheaper than a dozen get() calls.
  const raw: Array<{ limit?: string; remaining?: string; reset?: string } | undefined> = [];
  let retryHeader = false;
  for (const [name, value] of headers) {
    if (!name.startsWith(PREFIX)) {
      if (name === 'retry-after' || name === 'retry-after-ms') retryHeader = true;
      continue;
    }
    const dash = name.lastIndexOf('-');
    const slot = FAMILY_SLOT.get(name.slice(PREFIX.length, dash));
    const field = name.slice(dash + 1);
    if (slot === undefined || (field !== 'limit' && field !== 'remaining' && field !== 'reset')) continue;
    const entry = raw[slot] ?? {};
    entry[field] = value;
    raw[slot] = entry;
  }
  const dimensions: DimensionObservation[] = [];
  FAMILIES.forEach(([, dimension], slot) => {
    const entry = raw[slot];
    if (!entry) return;
    const limit = readCount(entry.limit ?? null);
    const remaining = readCount(entry.remaining ?? null);
    const resetAt = readResetInstant(entry.reset ?? null, now);
    if (limit === undefined && remaining === undefined && resetAt === undefined) return;
    const observation: DimensionObservation = { dimension };
    if (limit !== undefined) observation.limit = limit;
    if (remaining !== undefined) observation.remaining = remaining;
    if (resetAt !== undefined) observation.resetAt = resetAt;
    dimensions.push(observation);
  });
  const retryAfterMs = retryHeader ? parseRetryAfter(headers, now) : undefined;
  return retryAfterMs === undefined ? { dimensions } : { dimensions, retryAfterMs };
}

/**
 * When no `retry-after` was sent, the wait until every exhausted dimension (remaining 0) has reset.
 *
 * @example
 * resetWaitMs({ dimensions: [{ dimension: 'requests_per_minute', remaining: 0, resetAt: now + 5000 }] }, now); // 5000
 */
export function resetWaitMs(observation: RateLimitObservation, now: number): number | undefined {
  let latest: number | undefined;
  for (const dimension of observation.dimensions) {
    if (dimension.remaining !== 0 || dimension.resetAt === undefined) continue;
    if (latest === undefined || dimension.resetAt > latest) latest = dimension.resetAt;
  }
  return latest === undefined ? undefined : Math.max(0, latest - now);
}
