import type { DeclaredLimits, QuotaState } from './quota-types.js';

/**
 * A quota group as configured: its name, the limits declared for the whole group and its member keys.
 *
 * @example
 * const info: QuotaGroupInfo = { name: 'org-a', limits: { rpm: 500 }, keyIds: ['openai_3f9a1c0b7d2e'] };
 */
export interface QuotaGroupInfo {
  /** The group's name. @example 'org-a' */
  name: string;
  /** Limits declared for the whole group; absent when only learned limits apply. @example { rpm: 500 } */
  limits?: DeclaredLimits;
  /** Member key ids, in the order they joined. @example ['openai_3f9a1c0b7d2e'] */
  keyIds: string[];
}

/**
 * A quota group's shared limits, usage, prediction and capacity at one instant: the same view as a key's
 * {@link QuotaState}, counting every member's traffic. A group never slow-starts (`cautious` is always false).
 *
 * @example
 * const state = await engine.getGroupQuotaState('org-a');
 * state?.remainingCapacity; // 0.25
 */
export interface QuotaGroupState extends Omit<QuotaState, 'keyId' | 'quotaGroup'> {
  /** The group's name. @example 'org-a' */
  group: string;
  /** Member key ids. @example ['openai_3f9a1c0b7d2e'] */
  keyIds: string[];
}
