import type { QuotaDimension, RateLimitObservation } from '../adapter/rate-limit-observation.js';
import { CONCURRENCY, dimensionIndex, isDayDimension, RPM, WINDOWED } from './dimension-table.js';
import { DAY_WINDOW, type KeyQuotaRecord, MINUTE_WINDOW } from './key-quota-record.js';
import { sanitizeObservation } from './sanitize-observation.js';

function windowMs(index: number): number {
  return isDayDimension(index) ? DAY_WINDOW.windowMs : MINUTE_WINDOW.windowMs;
}

/** The dimension a block is about: one the provider reported at zero, preferring the period asked for. */
function blockedDimension(observation: RateLimitObservation, preferDay: boolean): QuotaDimension {
  let fallback: QuotaDimension | undefined;
  for (const facts of observation.dimensions) {
    if (facts.remaining !== 0) continue;
    const index = dimensionIndex(facts.dimension);
    if (index >= 0 && isDayDimension(index) === preferDay) return facts.dimension;
    fallback ??= facts.dimension;
  }
  return fallback ?? (preferDay ? 'requests_per_day' : 'requests_per_minute');
}

/**
 * Learns from what a provider said on one response (headers) or one refusal (429 body):
 * - a reported `limit` becomes the learned limit of that dimension (the stricter of declared and learned
 *   is enforced);
 * - `remaining` aligns our window with the provider's: usage the provider counts beyond ours (other
 *   clients, a restart) is added until its `resetAt`. Our in-flight reservations created up to
 *   `seenUpTo` are assumed already counted by the provider; later ones are not, and keep counting on top;
 * - `remaining: 0` for a limit we do not know blocks the dimension until its reset;
 * - `retryAfterMs` and `exhaustedUntil` block the whole key until then.
 *
 * @example
 * learnFromObservation(record, { dimensions: [{ dimension: 'requests_per_minute', limit: 60, remaining: 12 }] }, now);
 */
export function learnFromObservation(
  record: KeyQuotaRecord,
  untrusted: RateLimitObservation,
  now: number,
  seenUpTo = Number.NEGATIVE_INFINITY,
): void {
  const observation = sanitizeObservation(untrusted, now);
  const retryAfter = observation.retryAfterMs;
  // Without a reset instant, the provider's retry-after is the best guess of when the count drops.
  const fallbackWait = (index: number) =>
    retryAfter !== undefined && retryAfter > 0 ? retryAfter : windowMs(index);
  for (const facts of observation.dimensions) {
    const index = dimensionIndex(facts.dimension);
    if (index < 0) continue;
    if (facts.limit !== undefined) {
      record.learnLimit(index, facts.limit);
    }
    if (index === CONCURRENCY || facts.remaining === undefined || !Number.isFinite(facts.remaining)) continue;
    const resetAt =
      facts.resetAt !== undefined && facts.resetAt > now ? facts.resetAt : now + fallbackWait(index);
    // The provider's remaining is relative to its own limit, which a stricter declaration may hide.
    const providerLimit = facts.limit ?? record.learned?.[index] ?? (record.declared[index] as number);
    if (!Number.isFinite(providerLimit) || providerLimit <= 0) {
      if (facts.remaining <= 0) record.block(facts.dimension, resetAt);
      continue;
    }
    const providerUsed = Math.max(0, providerLimit - Math.max(0, facts.remaining));
    const ours = record.used(index, now) - record.externalAt(index, now);
    const seen = record.reservedUpTo(index, seenUpTo);
    record.setExternal(index, providerUsed - ours - seen, resetAt);
  }
  if (observation.retryAfterMs !== undefined && observation.retryAfterMs > 0) {
    if (observation.dimensions.length === 0) learnFromBareRefusal(record, now);
    record.block(blockedDimension(observation, false), now + observation.retryAfterMs);
  }
  if (observation.exhaustedUntil !== undefined && observation.exhaustedUntil > now) {
    record.block(blockedDimension(observation, true), observation.exhaustedUntil);
  }
}

/**
 * A 429 that says nothing about limits (Gemini, proxies): the provider refused at the rate we were sending,
 * so the requests counted in the last minute, less the refused one, become the learned per-minute limit when
 * none is known. Conservative by design — a token limit shows up as a lower request limit — and replaced as
 * soon as the provider reports real numbers.
 */
function learnFromBareRefusal(record: KeyQuotaRecord, now: number): void {
  const known = Math.min(record.declared[RPM] as number, record.learned?.[RPM] ?? Number.POSITIVE_INFINITY);
  if (Number.isFinite(known)) return;
  record.learnLimit(RPM, Math.max(1, record.used(RPM, now) - 1));
}

/**
 * Remembers a "request too large … Limit N" refusal: N is the key's ceiling for one request in that
 * dimension, learned with high confidence since the provider stated it outright.
 *
 * @example
 * learnTooLarge(record, 'tokens_per_minute', 30_000);
 */
export function learnTooLarge(record: KeyQuotaRecord, dimension: QuotaDimension, limit: number): void {
  const index = dimensionIndex(dimension);
  if (index < 0 || index >= WINDOWED || !Number.isSafeInteger(limit) || limit < 1) return;
  record.learnLimit(index, limit, 2);
}
