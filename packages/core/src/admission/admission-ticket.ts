import type { RouterError } from '../errors/router-error.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import type { RequestPriority } from './admission-options.js';
import type { QueueEntry } from './fair-queue.js';

/** What one wait needs from its request. */
export interface WaitInput {
  /** Epoch ms when a fitting key is expected to have room for this request. */
  earliest: number;
  /** Epoch ms of the request's deadline. */
  deadline: number;
  /** The request's lifetime signal: aborted by the caller or the deadline. */
  signal: AbortSignal;
  /** The decision so far, attached to a refusal. */
  explain: () => RoutingExplanation;
  /** The error that ends the request once its lifetime has ended. */
  ended: () => RouterError;
}

/**
 * One request's place in the admission queue, kept across its waits so a request that comes back after a
 * turn that found no room keeps its place. Internal to the router.
 */
export interface AdmissionTicket extends QueueEntry {
  readonly priority: RequestPriority;
  readonly group: string;
  readonly seq: number;
  /** When this request first started waiting. */
  firstWaitAt: number | undefined;
  /** When it may be served; a turn is given no earlier. */
  earliest: number;
  inQueue: boolean;
  /** True while the request holds a turn: woken, deciding and reserving. */
  inTurn: boolean;
  input: WaitInput | undefined;
  /** Settle the current wait. */
  wake: (() => void) | undefined;
  fail: ((error: RouterError) => void) | undefined;
  /** Tells the dispatcher the current turn is over. */
  endTurn: (() => void) | undefined;
  /** Cancels the wait-limit timer and the abort listener of the current wait. */
  cleanup: (() => void) | undefined;
}

/**
 * The fairness group of a request: the value of `fairnessTag` when one is configured, else all its tags.
 *
 * @example
 * fairnessGroup({ tenant: 'a', feature: 'chat' }, 'tenant'); // 'tenant=a'
 */
export function fairnessGroup(
  tags: Record<string, string> | undefined,
  fairnessTag: string | undefined,
): string {
  if (!tags) return '';
  if (fairnessTag !== undefined) {
    const value = tags[fairnessTag];
    return value === undefined ? '' : `${fairnessTag}=${value}`;
  }
  return JSON.stringify(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
