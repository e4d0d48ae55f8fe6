import { earliestFit, type FitPolicy } from './earliest-fit.js';
import { evaluateFit } from './fit-check.js';
import type { KeyQuotaRecord } from './key-quota-record.js';
import { GROUP_POLICY, groupName } from './quota-group-registry.js';
import type { QuotaCheck } from './quota-types.js';

type Refusal = Extract<QuotaCheck, { fits: false }>;

/** The later of two instants; undefined ("not on its own") wins. */
function later(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : Math.max(a, b);
}

function withRetry(refusal: Refusal, retryAt: number | undefined): Refusal {
  const { retryAt: _previous, ...rest } = refusal;
  return retryAt === undefined ? rest : { ...rest, retryAt };
}

/**
 * A group's refusal, phrased so an explanation names the group as the limit, with the retry instant pushed
 * to when the key itself fits too.
 *
 * @example
 * groupRefusal(keyRecord, groupRecord, groupCheck, 200, 500, now, policy).detail; // 'quota group org-a: requests_per_minute: …'
 */
export function groupRefusal(
  record: KeyQuotaRecord,
  group: KeyQuotaRecord,
  refusal: Refusal,
  inputTokens: number,
  outputTokens: number,
  now: number,
  policy: FitPolicy,
): Refusal {
  const name = groupName(group);
  const detail = `quota group ${name}: ${refusal.detail.replace("the key's limit", "the group's limit")}`;
  if (refusal.dimension === 'too_large') return { ...refusal, detail };
  const keyAt = earliestFit(record, inputTokens, outputTokens, now, policy);
  return withRetry({ ...refusal, detail }, later(refusal.retryAt, keyAt));
}

/**
 * Whether a request fits a key and, when the key belongs to a quota group, the group too: the tighter
 * headroom of the two, or the first refusal with a retry instant at which both fit.
 *
 * @example
 * evaluateGroupedFit(record, 200, 500, clock.now(), policy); // { fits: true, headroom: 0.3 }
 */
export function evaluateGroupedFit(
  record: KeyQuotaRecord,
  inputTokens: number,
  outputTokens: number,
  now: number,
  policy: FitPolicy,
): QuotaCheck {
  const own = evaluateFit(record, inputTokens, outputTokens, now, policy);
  const group = record.group;
  if (group === undefined || (!own.fits && own.dimension === 'too_large')) return own;
  const shared = evaluateFit(group, inputTokens, outputTokens, now, GROUP_POLICY);
  if (!shared.fits) return groupRefusal(record, group, shared, inputTokens, outputTokens, now, policy);
  if (!own.fits) {
    return withRetry(
      own,
      later(own.retryAt, earliestFit(group, inputTokens, outputTokens, now, GROUP_POLICY)),
    );
  }
  return { fits: true, headroom: Math.min(own.headroom, shared.headroom) };
}

/**
 * Earliest instant at which the request fits both the key and its group, assuming no new traffic; undefined
 * when it never will on its own.
 *
 * @example
 * groupedEarliestFit(record, 200, 500, clock.now(), policy);
 */
export function groupedEarliestFit(
  record: KeyQuotaRecord,
  inputTokens: number,
  outputTokens: number,
  now: number,
  policy: FitPolicy,
): number | undefined {
  const own = earliestFit(record, inputTokens, outputTokens, now, policy);
  const group = record.group;
  if (group === undefined) return own;
  return later(own, earliestFit(group, inputTokens, outputTokens, now, GROUP_POLICY));
}
