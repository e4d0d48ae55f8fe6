import { NoEligibleKeysError } from '../errors/specific-errors.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';

/**
 * Why admission control refused a request:
 * - `deadline`: the predicted wait for a fitting key is longer than the time left before the deadline;
 * - `wait_limit`: the predicted (or actual) wait is longer than `admission.maxWaitMs` for its priority;
 * - `queue_full`: `defaults.maxQueued` requests are already waiting;
 * - `displaced`: a waiting `batch` request gave its place to an `interactive` one in a full queue.
 *
 * @example
 * const reason: AdmissionRefusal = 'queue_full';
 */
export type AdmissionRefusal = 'deadline' | 'wait_limit' | 'queue_full' | 'displaced';

/**
 * A request refused by admission control instead of waiting for capacity it would not get in time. Category
 * `no_eligible_keys` (no key can take it in time), always with `retryAfterMs`, so the gateway answers 429
 * with `retry-after`. It is a {@link NoEligibleKeysError}, so existing handlers keep working.
 *
 * @example
 * try {
 *   await router.route(intent);
 * } catch (error) {
 *   if (AdmissionRefusedError.isAdmission(error)) console.log(error.reason, error.retryAfterMs);
 * }
 */
export class AdmissionRefusedError extends NoEligibleKeysError {
  /** Why the request was refused. */
  readonly reason: AdmissionRefusal;

  /**
   * @param reason Why the request was refused.
   * @param message What happened, for people (never key material).
   * @param explanation The routing decision so far: why each key had no room.
   * @param retryAfterMs When trying again may succeed, in ms (rounded up, at least 1).
   */
  constructor(
    reason: AdmissionRefusal,
    message: string,
    explanation: RoutingExplanation,
    retryAfterMs: number,
  ) {
    super(message, explanation, Math.max(1, Math.ceil(retryAfterMs)));
    this.name = 'AdmissionRefusedError';
    this.reason = reason;
  }

  /** The safe-to-log form, with the refusal's `reason`. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }

  /** True for an admission refusal (checked by name and shape, so it holds across package copies). */
  static isAdmission(value: unknown): value is AdmissionRefusedError {
    return (
      NoEligibleKeysError.isInstance(value) &&
      value.name === 'AdmissionRefusedError' &&
      typeof (value as { reason?: unknown }).reason === 'string'
    );
  }
}
