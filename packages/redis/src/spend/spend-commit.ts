import type { DecimalString, SpendLine } from '@apikeyrouter/core/store';

/**
 * What `RedisSpendStore.commit` takes.
 *
 * @example
 * const commit: SpendCommit = { reservationId: 'r1', actual: '0.02', lines: [], at: Date.now() };
 */
export interface SpendCommit {
  /** The reservation settled. @example 'r1' */
  reservationId: string;
  /** Actual cost. @example '0.02' */
  actual: DecimalString;
  /** Budget lines the spend counts against. */
  lines: SpendLine[];
  /** Caller's instant of the commit. @example 1767225600000 */
  at: number;
}

/**
 * Outcome of `RedisSpendStore.settle`: committed now (with each budget's spend after it), committed
 * before (a replay: nothing counted again), or gone (unknown, released or expired: nothing counted).
 *
 * @example
 * const outcome: CommitOutcome = { kind: 'already' };
 */
export type CommitOutcome =
  | { kind: 'committed'; spent: Record<string, DecimalString> }
  | { kind: 'already' }
  | { kind: 'gone' };

/**
 * Called by a commit as soon as the replica has applied its reply, in the same synchronous step (so a count
 * kept beside the replica can hand over to it without a moment where both or neither hold the spend).
 *
 * @example
 * const applied: CommitApplied = (outcome) => { if (outcome.kind !== 'gone') forgetLocalCount(); };
 */
export type CommitApplied = (outcome: CommitOutcome) => void;
