import type { QuotaDimension } from '../adapter/rate-limit-observation.js';
import { clampFuture } from '../clock/instant.js';
import type { QuotaFacts, QuotaLimits, QuotaReserveResult } from '../store/quota-store.js';
import { DIMENSION_COUNT, DIMENSION_NAMES, WINDOWED } from './dimension-table.js';
import { concurrencyLimit, earliestFit, type FitPolicy, isCautious } from './earliest-fit.js';
import type { KeyQuotaRecord } from './key-quota-record.js';
import type { QuotaCheck } from './quota-types.js';

/** How long a key waits after the store reported a newer key state: time to read it (one round trip). */
const KEY_STATE_PAUSE_MS = 250;

/**
 * The limits the store re-checks for a reservation: each finite limit in force, less the usage only the
 * provider has seen (the store counts only the router's own traffic), and the concurrency cap including the
 * cautious start.
 *
 * @example
 * storeLimits(record, clock.now(), policy); // { requests_per_minute: 60, concurrency: 2 }
 */
export function storeLimits(record: KeyQuotaRecord, now: number, policy: FitPolicy): QuotaLimits {
  const limits: QuotaLimits = {};
  if (record.limited) {
    for (let d = 0; d < WINDOWED; d++) {
      const limit = record.limits[d] as number;
      if (limit === Number.POSITIVE_INFINITY) continue;
      limits[DIMENSION_NAMES[d] as QuotaDimension] = Math.max(0, limit - record.externalAt(d, now));
    }
  }
  const concurrency = concurrencyLimit(record, policy);
  if (concurrency !== Number.POSITIVE_INFINITY) limits.concurrency = concurrency;
  return limits;
}

/**
 * The store's refusal as a {@link QuotaCheck}; a provider block it reports is remembered locally too.
 *
 * @example
 * refusalFromStore(record, result, 200, 500, clock.now(), policy);
 */
export function refusalFromStore(
  record: KeyQuotaRecord,
  result: Extract<QuotaReserveResult, { ok: false }>,
  inputTokens: number,
  outputTokens: number,
  now: number,
  policy: FitPolicy,
): Extract<QuotaCheck, { fits: false }> {
  if (result.retryAt !== undefined) {
    const retryAt = clampFuture(result.retryAt, now);
    record.block(result.dimension, retryAt);
    return {
      fits: false,
      dimension: result.dimension,
      detail: `${result.dimension}: blocked by the provider (shared store)`,
      retryAt,
    };
  }
  if (result.keyStateVersion !== undefined) {
    // Another router changed the key: the store refreshes it (as a change message would) while routing
    // looks elsewhere for a moment. No limit was reached, so none is named.
    const retryAt = now + KEY_STATE_PAUSE_MS;
    record.pausedUntil = Math.max(record.pausedUntil, retryAt);
    record.pausedFor = 'key_state_changed';
    record.touch();
    const detail = `key state changed on another router (version ${result.keyStateVersion} in the shared store): refreshing the key, retry shortly`;
    return { fits: false, dimension: 'key_state_changed', detail, retryAt };
  }
  // The replica did not see the other routers' traffic: pause the key briefly so routing looks elsewhere
  // instead of asking the store again at once.
  record.pausedFor = 'capacity';
  record.pausedUntil = Math.max(record.pausedUntil, now + (result.dimension === 'concurrency' ? 250 : 1_000));
  record.touch();
  const detail =
    result.dimension !== 'concurrency'
      ? `${result.dimension}: ${Math.max(0, result.limit - result.used - result.held)} of ${result.limit} left (${result.held} reserved) in the shared store`
      : isCautious(record, policy)
        ? `concurrency: limits unknown, slow start allows ${result.limit} in flight until responses teach them`
        : `concurrency: ${result.held} of ${result.limit} in flight in the shared store`;
  const retryAt = earliestFit(record, inputTokens, outputTokens, now, policy);
  return retryAt === undefined
    ? { fits: false, dimension: result.dimension, detail }
    : { fits: false, dimension: result.dimension, detail, retryAt };
}

/**
 * A record's shareable facts: the provider block while it lasts and the learned limits.
 *
 * @example
 * factsOf(record, clock.now()); // { blockedUntil: …, blockedDimension: 'requests_per_minute' }
 */
export function factsOf(record: KeyQuotaRecord, now: number): QuotaFacts {
  const facts: QuotaFacts = {};
  if (record.blockedUntil > now) {
    facts.blockedUntil = record.blockedUntil;
    facts.blockedDimension = record.blockedDimension;
  }
  const learned = record.learned;
  if (learned !== undefined) {
    const limits: QuotaLimits = {};
    for (let d = 0; d < DIMENSION_COUNT; d++) {
      const limit = learned[d] as number;
      if (Number.isFinite(limit)) limits[DIMENSION_NAMES[d] as QuotaDimension] = limit;
    }
    facts.learnedLimits = limits;
  }
  return facts;
}
