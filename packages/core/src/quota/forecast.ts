import { isDayDimension, RPD, RPM, WINDOWED } from './dimension-table.js';
import type { KeyQuotaRecord } from './key-quota-record.js';

/**
 * When one windowed dimension runs out if consumption continues at its smoothed rate: usage grows at the
 * rate while the window's current buckets (and provider-only usage, at its reset) drop out on schedule.
 * Exact between expiries, so the answer is as precise as the rate. Returns `now` when already exhausted and
 * undefined when the limit is unknown, nothing is consumed, or the rate settles below the limit (once the
 * window has turned over, usage no longer grows).
 *
 * @example
 * forecastDimension(record, RPD, clock.now()); // epoch ms, or undefined
 */
export function forecastDimension(record: KeyQuotaRecord, index: number, now: number): number | undefined {
  const limit = record.limits[index] as number;
  if (limit === Number.POSITIVE_INFINITY) return undefined;
  let used = record.used(index, now) + record.reserved(index);
  if (used >= limit) return now;
  const rate = record.rates?.perMs(index, now) ?? 0;
  if (rate <= 0) return undefined;
  const day = isDayDimension(index);
  const ring = day ? record.day : record.minute;
  let external = record.externalAt(index, now);
  const externalUntil =
    external > 0 ? (record.external?.[index + WINDOWED] as number) : Number.POSITIVE_INFINITY;
  let at = now;
  let found: number | undefined;
  // Advances the simulation to `until`, then removes `expiring` units; records the crossing if it comes first.
  const step = (until: number, expiring: number) => {
    if (found !== undefined) return;
    if (until > at) {
      const crossing = at + (limit - used) / rate;
      if (crossing <= until) {
        found = crossing;
        return;
      }
      used += rate * (until - at);
      at = until;
    }
    used -= expiring;
  };
  ring.forEachExpiry(now, index - (day ? RPD : RPM), (expiresAt, amount) => {
    if (external > 0 && externalUntil <= expiresAt) {
      step(externalUntil, external);
      external = 0;
    }
    step(expiresAt, amount);
  });
  if (external > 0) step(externalUntil, external);
  // New usage starts leaving the window one retention period after now; from then on it no longer grows.
  step(now + (ring.slots - 1) * ring.bucketMs, 0);
  return found;
}

/**
 * Earliest exhaustion over every windowed dimension; `now` while the provider blocks the key.
 *
 * @example
 * forecastExhaustion(record, clock.now());
 */
export function forecastExhaustion(record: KeyQuotaRecord, now: number): number | undefined {
  if (record.blockedUntil > now) return now;
  let earliest: number | undefined;
  for (let d = 0; d < WINDOWED; d++) {
    const at = forecastDimension(record, d, now);
    if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest;
}
