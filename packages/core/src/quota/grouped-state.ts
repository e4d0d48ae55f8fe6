import { readCapacity, refreshCapacityState } from './capacity-state.js';
import type { FitPolicy } from './earliest-fit.js';
import { forecastExhaustion } from './forecast.js';
import type { KeyQuotaRecord } from './key-quota-record.js';
import { GROUP_POLICY, groupName, type QuotaGroup } from './quota-group-registry.js';
import type { QuotaGroupState } from './quota-group-types.js';
import { buildQuotaState } from './quota-state-view.js';
import type { CapacityState, QuotaState, QuotaWarningEvent } from './quota-types.js';
import { settleStale } from './settle-reservation.js';

/** Severity order: a key is as badly off as the worse of itself and its group. */
const SEVERITY: Readonly<Record<CapacityState, number>> = {
  abundant: 0,
  constrained: 1,
  recovering: 2,
  critical: 3,
  exhausted: 4,
};

/** Refreshes a record's capacity state and returns its share left and predicted exhaustion. */
function measure(record: KeyQuotaRecord, now: number): { share: number; exhaustion: number | undefined } {
  settleStale(record, now);
  refreshCapacityState(record, now);
  // A provider block leaves nothing usable, whatever the windows say.
  const share = record.blockedUntil > now ? 0 : readCapacity(record, now).share;
  return { share, exhaustion: forecastExhaustion(record, now) };
}

/**
 * A group's {@link QuotaGroupState}: its windows, holds and prediction, counting every member's traffic.
 *
 * @example
 * groupQuotaState(group, clock.now()).remainingCapacity;
 */
export function groupQuotaState(group: QuotaGroup, now: number): QuotaGroupState {
  const { share, exhaustion } = measure(group.record, now);
  const { keyId: _storeId, ...state } = buildQuotaState(group.record, now, GROUP_POLICY, share, exhaustion);
  return { ...state, group: group.name, keyIds: [...group.members] };
}

/**
 * Folds a key's group into its {@link QuotaState}: capacity, prediction and block become the tighter of key
 * and group, and `quotaGroup` names the group.
 *
 * @example
 * withGroup(state, group, clock.now()).capacityState;
 */
export function withGroup(state: QuotaState, group: QuotaGroup, now: number): QuotaState {
  const { share, exhaustion } = measure(group.record, now);
  const record = group.record;
  const merged: QuotaState = {
    ...state,
    quotaGroup: group.name,
    remainingCapacity: Math.min(state.remainingCapacity, share),
  };
  if (SEVERITY[record.capacityState] > SEVERITY[state.capacityState])
    merged.capacityState = record.capacityState;
  if (exhaustion !== undefined) {
    merged.predictedExhaustionAt = Math.min(state.predictedExhaustionAt ?? exhaustion, exhaustion);
  }
  if (record.blockedUntil > now) merged.blockedUntil = Math.max(state.blockedUntil ?? 0, record.blockedUntil);
  return merged;
}

/**
 * Re-evaluates a group's capacity state; when it has just turned critical or exhausted, the warning to emit,
 * reported on the key whose request or response caused it, with `quotaGroup` naming the group.
 *
 * @example
 * const warning = groupWarning(group.record, 'key-a', clock.now()); // { keyId: 'key-a', quotaGroup: 'org-a', … }
 */
export function groupWarning(
  group: KeyQuotaRecord,
  keyId: string,
  now: number,
): QuotaWarningEvent | undefined {
  const warning = refreshCapacityState(group, now);
  if (warning === undefined) return undefined;
  return { ...warning, keyId, quotaGroup: groupName(group) as string };
}

/**
 * A key's quota state at `now` (local replica), merged with its group's when it has one. A provider block
 * leaves nothing usable, whatever the windows say.
 *
 * @example
 * const state = keyQuotaState(record, groups.ofKey(record), clock.now(), policy);
 */
export function keyQuotaState(
  record: KeyQuotaRecord,
  group: QuotaGroup | undefined,
  now: number,
  policy: FitPolicy,
): QuotaState {
  const share = record.blockedUntil > now ? 0 : readCapacity(record, now).share;
  const state = buildQuotaState(record, now, policy, share, forecastExhaustion(record, now));
  return group === undefined ? state : withGroup(state, group, now);
}
