import { DIMENSION_NAMES, WINDOWED } from './dimension-table.js';
import { forecastExhaustion } from './forecast.js';
import type { KeyQuotaRecord } from './key-quota-record.js';
import type { CapacityState, QuotaWarningEvent } from './quota-types.js';

/** `abundant` from this share of the tightest limit remaining. */
export const ABUNDANT_AT = 0.5;
/** `constrained` from this share; below it `critical`. */
export const CONSTRAINED_AT = 0.2;
/** A critical key leaves `critical` only from this share (hysteresis: no warning storm around 20 %). */
export const CRITICAL_EXIT_AT = 0.25;
/** How long after an exhaustion ends a key not yet abundant is `recovering`. */
export const RECOVERY_MS = 60_000;

/**
 * The tightest windowed limit of a key at one instant.
 *
 * @example
 * readCapacity(record, now); // { share: 0.42, dimension: 1, units: 12600 }
 */
export interface CapacityReading {
  /** 0..1 share left of the tightest known limit; 1 when none is known. @example 0.42 */
  share: number;
  /** Dimension index of the tightest limit; -1 when none is known. @example 1 */
  dimension: number;
  /** Units left in it. @example 12600 */
  units: number;
}

/**
 * Measures the tightest known windowed limit (used + provider-only + reserved against the limit).
 * Concurrency is left out: a key busy with its allowed requests has not lost quota.
 *
 * @example
 * readCapacity(record, clock.now()).share;
 */
export function readCapacity(record: KeyQuotaRecord, now: number): CapacityReading {
  const reading: CapacityReading = { share: 1, dimension: -1, units: Number.POSITIVE_INFINITY };
  for (let d = 0; d < WINDOWED; d++) {
    const limit = record.limits[d] as number;
    if (limit === Number.POSITIVE_INFINITY) continue;
    const units = Math.max(0, limit - record.used(d, now) - record.reserved(d));
    const share = units / limit;
    if (reading.dimension < 0 || share < reading.share) {
      reading.share = share;
      reading.dimension = d;
      reading.units = units;
    }
  }
  return reading;
}

/**
 * Re-evaluates a key's {@link CapacityState} (see the thresholds above) and stores it; returns the warning
 * to emit when the key has just turned `critical` or `exhausted`.
 *
 * @example
 * const warning = refreshCapacityState(record, clock.now());
 * if (warning) onWarning(warning);
 */
export function refreshCapacityState(record: KeyQuotaRecord, now: number): QuotaWarningEvent | undefined {
  const reading = readCapacity(record, now);
  const previous = record.capacityState;
  const exhausted = record.blockedUntil > now || (reading.dimension >= 0 && reading.share <= 0);
  let next: CapacityState;
  if (exhausted) {
    next = 'exhausted';
  } else {
    if (previous === 'exhausted') {
      // Idle keys are evaluated late: an exhaustion ended by a block expiring ended when the block did.
      record.exhaustedEndedAt =
        record.blockedUntil > 0 && record.blockedUntil <= now ? record.blockedUntil : now;
    }
    const share = reading.share;
    next = share >= ABUNDANT_AT ? 'abundant' : share >= CONSTRAINED_AT ? 'constrained' : 'critical';
    if (previous === 'critical' && share < CRITICAL_EXIT_AT) next = 'critical';
    if (next !== 'abundant' && now - record.exhaustedEndedAt < RECOVERY_MS) next = 'recovering';
  }
  record.capacityState = next;
  if (next === previous || (next !== 'critical' && next !== 'exhausted')) return undefined;
  const event: QuotaWarningEvent = { keyId: record.keyId, capacityState: next, previous, at: now };
  const dimension = record.blockedUntil > now ? record.blockedDimension : DIMENSION_NAMES[reading.dimension];
  if (dimension !== undefined) event.dimension = dimension;
  if (record.blockedUntil > now) event.remaining = 0;
  else if (reading.dimension >= 0) event.remaining = reading.units;
  const predicted = forecastExhaustion(record, now);
  if (predicted !== undefined) event.predictedExhaustionAt = predicted;
  return event;
}
