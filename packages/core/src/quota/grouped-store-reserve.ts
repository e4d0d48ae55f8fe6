import type {
  QuotaAmounts,
  QuotaReserveRequest,
  QuotaReserveResult,
  QuotaStore,
} from '../store/quota-store.js';
import type { FitPolicy } from './earliest-fit.js';
import { groupRefusal } from './grouped-fit.js';
import type { KeyQuotaRecord } from './key-quota-record.js';
import { GROUP_POLICY } from './quota-group-registry.js';
import type { QuotaCheck, QuotaReservation } from './quota-types.js';
import { refusalFromStore, storeLimits } from './store-bridge.js';

/**
 * Outcome of {@link reserveKeyAndGroup}: both held, or nothing held and which side refused.
 *
 * @example
 * const held: GroupedReserveResult = { ok: false, side: 'group', result: refusal };
 */
export type GroupedReserveResult =
  | { ok: true }
  | { ok: false; side: 'key' | 'group'; result: Extract<QuotaReserveResult, { ok: false }> };

/**
 * Holds a reservation on the key and on its group in the store (each hold one atomic store operation, the
 * group under its own id). The two run concurrently; when one refuses or fails, the other hold is given back,
 * so a refusal holds nothing. Between the two a key may briefly show a hold that is then released: that can
 * only make another router refuse too early, never overspend.
 *
 * @example
 * await reserveKeyAndGroup(store, keyRequest, { ...keyRequest, keyId: 'quota-group:org-a', limits });
 */
export async function reserveKeyAndGroup(
  store: QuotaStore,
  key: QuotaReserveRequest,
  group: QuotaReserveRequest | undefined,
): Promise<GroupedReserveResult> {
  if (group === undefined) {
    const result = await store.reserve(key);
    return result.ok ? result : { ok: false, side: 'key', result };
  }
  const [own, shared] = await Promise.allSettled([store.reserve(key), store.reserve(group)]);
  const ownHeld = own.status === 'fulfilled' && own.value.ok;
  const sharedHeld = shared.status === 'fulfilled' && shared.value.ok;
  if (ownHeld && sharedHeld) return { ok: true };
  const giveBack: Promise<boolean>[] = [];
  if (ownHeld)
    giveBack.push(store.release({ keyId: key.keyId, reservationId: key.reservationId, now: key.now }));
  if (sharedHeld) {
    giveBack.push(store.release({ keyId: group.keyId, reservationId: group.reservationId, now: group.now }));
  }
  // Best effort: a hold that cannot be given back expires at its `expiresAt` and only delays others.
  await Promise.allSettled(giveBack);
  if (own.status === 'rejected') throw own.reason;
  if (shared.status === 'rejected') throw shared.reason;
  if (!own.value.ok) return { ok: false, side: 'key', result: own.value };
  return { ok: false, side: 'group', result: shared.value as Extract<QuotaReserveResult, { ok: false }> };
}

/**
 * Re-checks a reservation the replicas hold in the store, on the key and the group it was made in: undefined
 * when the store holds it too, else the refusal as a {@link QuotaCheck} (a group's names the group). On a
 * refusal `unhold` gives the replicas' holds back first, so the retry instant is computed without them; on
 * an error the caller does.
 *
 * @example
 * const refusal = await holdInStore(store, record, group, reservation, clock.now(), policy, unhold);
 */
export async function holdInStore(
  store: QuotaStore,
  record: KeyQuotaRecord,
  group: KeyQuotaRecord | undefined,
  reservation: QuotaReservation,
  now: number,
  policy: FitPolicy,
  unhold: () => void,
): Promise<Extract<QuotaCheck, { fits: false }> | undefined> {
  const { inputTokens, outputTokens } = reservation.estimate;
  const request = {
    keyId: reservation.keyId,
    reservationId: reservation.id,
    amounts: { requests: 1, inputTokens, outputTokens },
    now,
    expiresAt: reservation.expiresAt,
  };
  const held = await reserveKeyAndGroup(
    store,
    { ...request, limits: storeLimits(record, now, policy) },
    group && { ...request, keyId: group.keyId, limits: storeLimits(group, now, GROUP_POLICY) },
  );
  if (held.ok) return undefined;
  unhold();
  if (held.side === 'key' || group === undefined) {
    return refusalFromStore(record, held.result, inputTokens, outputTokens, now, policy);
  }
  const shared = refusalFromStore(group, held.result, inputTokens, outputTokens, now, GROUP_POLICY);
  return groupRefusal(record, group, shared, inputTokens, outputTokens, now, policy);
}

/**
 * Commits (with `actual`) or releases (without) a reservation in the store, on the key and on the group it
 * was made in (by the group's store id).
 *
 * @example
 * await settleInStore(store, reservation, 'quota-group:org-a', actual, clock.now());
 */
export async function settleInStore(
  store: QuotaStore,
  reservation: QuotaReservation,
  groupStoreId: string | undefined,
  actual: QuotaAmounts | undefined,
  now: number,
): Promise<void> {
  const ids = groupStoreId === undefined ? [reservation.keyId] : [reservation.keyId, groupStoreId];
  await Promise.all(
    ids.map((keyId) => {
      const request = { keyId, reservationId: reservation.id, now };
      return actual === undefined ? store.release(request) : store.commit({ ...request, actual });
    }),
  );
}
