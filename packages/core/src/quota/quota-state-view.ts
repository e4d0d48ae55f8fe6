import { CONCURRENCY, DIMENSION_NAMES, isDayDimension, RPD, RPM, WINDOWED } from './dimension-table.js';
import { concurrencyLimit, type FitPolicy, isCautious } from './earliest-fit.js';
import { forecastDimension } from './forecast.js';
import type { KeyQuotaRecord } from './key-quota-record.js';
import type { QuotaDimensionState, QuotaState } from './quota-types.js';

function windowedState(record: KeyQuotaRecord, index: number, now: number): QuotaDimensionState {
  const limit = record.limits[index] as number;
  const used = record.used(index, now);
  const reserved = record.reserved(index);
  const state: QuotaDimensionState = {
    name: DIMENSION_NAMES[index] ?? 'requests_per_minute',
    limit,
    used,
    reserved,
    remaining: Math.max(0, limit - used - reserved),
    source: record.limitSource(index),
    confidence: record.confidence(index),
  };
  const day = isDayDimension(index);
  let resetAt = (day ? record.day : record.minute).resetAt(now, index - (day ? RPD : RPM));
  if (record.externalAt(index, now) > 0) {
    resetAt = Math.max(resetAt ?? 0, record.external?.[index + WINDOWED] as number);
  }
  if (record.blockedUntil > now && record.blockedDimension === state.name) {
    resetAt = Math.max(resetAt ?? 0, record.blockedUntil);
  }
  if (resetAt !== undefined) state.resetAt = resetAt;
  if (record.rates !== undefined) state.ratePerMinute = record.rates.perMs(index, now) * 60_000;
  const exhaustionAt = forecastDimension(record, index, now);
  if (exhaustionAt !== undefined) state.exhaustionAt = exhaustionAt;
  return state;
}

/**
 * Builds the public {@link QuotaState} of a key from its record (capacity fields come from the caller,
 * which has just refreshed them).
 *
 * @example
 * buildQuotaState(record, clock.now(), policy, 0.64, 1767225700000);
 */
export function buildQuotaState(
  record: KeyQuotaRecord,
  now: number,
  policy: FitPolicy,
  remainingCapacity: number,
  predictedExhaustionAt: number | undefined,
): QuotaState {
  const dimensions: QuotaDimensionState[] = [];
  for (let d = 0; d < WINDOWED; d++) {
    if ((record.limits[d] as number) !== Number.POSITIVE_INFINITY)
      dimensions.push(windowedState(record, d, now));
  }
  const cautious = isCautious(record, policy);
  const maxInFlight = concurrencyLimit(record, policy);
  if (maxInFlight !== Number.POSITIVE_INFINITY) {
    // The cautious cap is provisional, not something anyone declared or the provider said: confidence 0.
    const known = (record.limits[CONCURRENCY] as number) !== Number.POSITIVE_INFINITY;
    dimensions.push({
      name: 'concurrency',
      limit: maxInFlight,
      used: 0,
      reserved: record.inFlight,
      remaining: Math.max(0, maxInFlight - record.inFlight),
      source: known ? record.limitSource(CONCURRENCY) : 'learned',
      confidence: known ? record.confidence(CONCURRENCY) : 0,
    });
  }
  const state: QuotaState = {
    keyId: record.keyId,
    capacityState: record.capacityState,
    remainingCapacity,
    dimensions,
    inFlight: record.inFlight,
    cautious,
  };
  if (predictedExhaustionAt !== undefined) state.predictedExhaustionAt = predictedExhaustionAt;
  if (record.blockedUntil > now) state.blockedUntil = record.blockedUntil;
  return state;
}
