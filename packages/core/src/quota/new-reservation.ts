import type { KeyQuotaRecord } from './key-quota-record.js';
import { groupName } from './quota-group-registry.js';
import type { QuotaReservation } from './quota-types.js';

/**
 * A frozen reservation of `inputTokens` + `outputTokens` on `keyId`, made at `now` and held until
 * `expiresAt`, naming the quota group it also counts against.
 *
 * @example
 * const reservation = newReservation('q1_1', 'key-a', 200, 500, now, now + 600_000, record.group);
 */
export function newReservation(
  id: string,
  keyId: string,
  inputTokens: number,
  outputTokens: number,
  now: number,
  expiresAt: number,
  group: KeyQuotaRecord | undefined,
): QuotaReservation {
  return Object.freeze({
    id,
    keyId,
    estimate: Object.freeze({ inputTokens, outputTokens }),
    createdAt: now,
    expiresAt,
    ...(group === undefined ? {} : { quotaGroup: groupName(group) }),
  });
}
