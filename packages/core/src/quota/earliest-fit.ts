import { amountFor, CONCURRENCY, isDayDimension, RPD, RPM, WINDOWED } from './dimension-table.js';
import type { KeyQuotaRecord } from './key-quota-record.js';

/** How the engine treats keys whose limits are unknown. */
export interface FitPolicy {
  /** Requests in flight allowed while limits are unknown. @example 2 */
  cautiousConcurrency: number;
  /** Successes without any limit reported after which a key is trusted as unlimited. @example 5 */
  cautiousSuccesses: number;
}

/** Request duration assumed before any has been measured. */
const DEFAULT_LATENCY_MS = 1_000;
/** Never predict a reservation settles sooner than this, so callers polling on it do not spin. */
const SETTLE_FLOOR_MS = 100;

/** Slow start stops doubling here: a key this busy without a single limit reported is treated as unlimited. */
const SLOW_START_CEILING = 1024;

/**
 * True while a key has no known limit: its in-flight requests are capped by slow start.
 *
 * @example
 * isCautious(new KeyQuotaRecord('k'), { cautiousConcurrency: 2, cautiousSuccesses: 5 }); // true
 */
export function isCautious(record: KeyQuotaRecord, policy: FitPolicy): boolean {
  // A key whose group has known limits is not probing blind: the group's limits guard it.
  return (
    !record.limited && record.group?.limited !== true && slowStartCap(record, policy) < SLOW_START_CEILING
  );
}

/**
 * Slow start for keys whose limits are unknown (providers without rate-limit headers, such as Gemini): the
 * in-flight cap starts at `cautiousConcurrency` and doubles every `cautiousSuccesses` successes, so a burst
 * at start-up probes the key gradually instead of becoming a wave of 429s. The first refusal teaches a limit
 * (see `learnFromBareRefusal`), which replaces the cap.
 */
function slowStartCap(record: KeyQuotaRecord, policy: FitPolicy): number {
  // Runs for every candidate key of every decision: integer division and a shift, no Math.pow.
  const doublings =
    policy.cautiousSuccesses > 0 ? Math.floor(record.successes / policy.cautiousSuccesses) : 10;
  return policy.cautiousConcurrency * (1 << Math.min(doublings, 10));
}

/**
 * Requests allowed in flight: the known concurrency limit, the cautious cap, or Infinity.
 *
 * @example
 * concurrencyLimit(record, policy); // 2 for a brand-new key without limits
 */
export function concurrencyLimit(record: KeyQuotaRecord, policy: FitPolicy): number {
  const known = record.limits[CONCURRENCY] as number;
  if (known !== Number.POSITIVE_INFINITY) return known;
  return isCautious(record, policy) ? slowStartCap(record, policy) : Number.POSITIVE_INFINITY;
}

/**
 * When the oldest in-flight request is expected to finish (measured average duration), an estimate:
 * reservations are freed by responses, not by time.
 *
 * @example
 * settleEstimate(record, clock.now()); // e.g. now + 800
 */
export function settleEstimate(record: KeyQuotaRecord, now: number): number {
  const oldest = record.reservations?.values().next().value;
  if (oldest === undefined) return now;
  return Math.max(oldest.createdAt + (record.latencyMs || DEFAULT_LATENCY_MS), now + SETTLE_FLOOR_MS);
}

/**
 * Earliest instant at which `amount` more fits one windowed dimension, assuming no new traffic: window
 * buckets expire, provider-only usage lapses at its reset; when in-flight reservations alone leave no room,
 * it also waits for them to settle (an estimate).
 *
 * @example
 * dimensionFitAt(record, TPM, 900, clock.now());
 */
export function dimensionFitAt(record: KeyQuotaRecord, index: number, amount: number, now: number): number {
  const limit = record.limits[index] as number;
  const day = isDayDimension(index);
  const ring = day ? record.day : record.minute;
  const channel = index - (day ? RPD : RPM);
  let target = limit - record.reserved(index) - amount;
  let settled = now;
  if (target < 0) {
    target = limit - amount;
    settled = settleEstimate(record, now);
  }
  const external = record.externalAt(index, now);
  let at: number;
  if (external > 0) {
    const until = record.external?.[index + WINDOWED] as number;
    at = Math.min(
      ring.earliestAtMost(now, channel, target - external),
      Math.max(until, ring.earliestAtMost(now, channel, target)),
    );
  } else {
    at = ring.earliestAtMost(now, channel, target);
  }
  return Math.max(at, settled);
}

/**
 * Earliest instant at which a request of this size fits the key, assuming no new traffic; undefined when it
 * never will on its own (too large for a limit).
 *
 * @example
 * earliestFit(record, 200, 500, clock.now(), policy); // epoch ms
 */
export function earliestFit(
  record: KeyQuotaRecord,
  inputTokens: number,
  outputTokens: number,
  now: number,
  policy: FitPolicy,
): number | undefined {
  for (let d = 0; d < WINDOWED; d++) {
    if (amountFor(d, inputTokens, outputTokens) > (record.limits[d] as number)) return undefined;
  }
  let at = Math.max(now, record.blockedUntil, record.pausedUntil);
  for (let d = 0; d < WINDOWED; d++) {
    if ((record.limits[d] as number) === Number.POSITIVE_INFINITY) continue;
    at = Math.max(at, dimensionFitAt(record, d, amountFor(d, inputTokens, outputTokens), now));
  }
  if (record.inFlight + 1 > concurrencyLimit(record, policy)) at = Math.max(at, settleEstimate(record, now));
  return Number.isFinite(at) ? at : undefined;
}
