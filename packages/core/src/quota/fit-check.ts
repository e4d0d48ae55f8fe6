import { formatInstant } from '../clock/instant.js';
import { amountFor, CONCURRENCY, DIMENSION_NAMES, WINDOWED } from './dimension-table.js';
import { concurrencyLimit, earliestFit, type FitPolicy, isCautious } from './earliest-fit.js';
import type { KeyQuotaRecord } from './key-quota-record.js';
import type { QuotaCheck } from './quota-types.js';

type Refusal = Extract<QuotaCheck, { fits: false }>;

function refuse(
  record: KeyQuotaRecord,
  dimension: Refusal['dimension'],
  detail: string,
  inputTokens: number,
  outputTokens: number,
  now: number,
  policy: FitPolicy,
): Refusal {
  const retryAt = earliestFit(record, inputTokens, outputTokens, now, policy);
  return retryAt === undefined
    ? { fits: false, dimension, detail }
    : { fits: false, dimension, detail, retryAt };
}

/**
 * Whether a request fits a key at `now`: too large for a known limit (permanent), provider block, then
 * every known windowed dimension (committed + provider-only usage + reservations + this request ≤ limit),
 * then concurrency (including the cautious cap). Reads only; allocation-free when it fits.
 *
 * @example
 * evaluateFit(record, 200, 500, clock.now(), policy); // { fits: true, headroom: 0.8 }
 */
export function evaluateFit(
  record: KeyQuotaRecord,
  inputTokens: number,
  outputTokens: number,
  now: number,
  policy: FitPolicy,
): QuotaCheck {
  // Housekeeping, not a visible effect: lets an idle key's windows release their memory.
  record.expire(now);
  let headroom = 1;
  let short = -1;
  for (let d = 0; d < WINDOWED; d++) {
    const limit = record.limits[d] as number;
    if (limit === Number.POSITIVE_INFINITY) continue;
    const amount = amountFor(d, inputTokens, outputTokens);
    if (amount > limit) {
      const detail = `${DIMENSION_NAMES[d]}: the request needs ${amount}, more than the key's limit of ${limit}`;
      return { fits: false, dimension: 'too_large', detail };
    }
    const left = limit - record.used(d, now) - record.reserved(d) - amount;
    if (left < 0) {
      if (short < 0) short = d;
    } else if (left / limit < headroom) {
      headroom = left / limit;
    }
  }
  if (record.blockedUntil > now) {
    const detail = `${record.blockedDimension}: the provider asked to wait until ${formatInstant(record.blockedUntil)}`;
    return { fits: false, dimension: record.blockedDimension, detail, retryAt: record.blockedUntil };
  }
  if (short >= 0) {
    const limit = record.limits[short] as number;
    const left = Math.max(0, limit - record.used(short, now) - record.reserved(short));
    const detail = `${DIMENSION_NAMES[short]}: the request needs ${amountFor(short, inputTokens, outputTokens)}, ${left} of ${limit} left (${record.reserved(short)} reserved)`;
    return refuse(
      record,
      DIMENSION_NAMES[short] ?? 'requests_per_minute',
      detail,
      inputTokens,
      outputTokens,
      now,
      policy,
    );
  }
  if (record.pausedUntil > now) {
    if (record.pausedFor === 'key_state_changed') {
      const detail = 'shared store: key state changed on another router, refreshing the key';
      return { fits: false, dimension: 'key_state_changed', detail, retryAt: record.pausedUntil };
    }
    const detail = 'shared store: capacity used by other routers sharing the store';
    return { fits: false, dimension: 'concurrency', detail, retryAt: record.pausedUntil };
  }
  const maxInFlight = concurrencyLimit(record, policy);
  if (record.inFlight + 1 > maxInFlight) {
    const detail = isCautious(record, policy)
      ? `concurrency: limits unknown, slow start allows ${maxInFlight} in flight until responses teach them`
      : `concurrency: ${record.inFlight} of ${maxInFlight} in flight`;
    return refuse(record, 'concurrency', detail, inputTokens, outputTokens, now, policy);
  }
  const declaredConcurrency = record.limits[CONCURRENCY] as number;
  if (declaredConcurrency !== Number.POSITIVE_INFINITY) {
    headroom = Math.min(headroom, (declaredConcurrency - record.inFlight - 1) / declaredConcurrency);
  }
  return { fits: true, headroom };
}
