import { RouterError, type RouterErrorExplanation } from './router-error.js';

const MARKER = Symbol.for('apikeyrouter.error.no_eligible_keys');

/**
 * No key can take the request now. `explanation` says why each candidate was excluded and `retryAfterMs`
 * when the first one becomes usable (undefined when none will on its own).
 *
 * @example
 * catch (e) { if (NoEligibleKeysError.isInstance(e)) setTimeout(retry, e.retryAfterMs ?? 1000); }
 */
export class NoEligibleKeysError extends RouterError {
  readonly [MARKER] = true;

  constructor(message: string, explanation: RouterErrorExplanation, retryAfterMs?: number) {
    super('no_eligible_keys', message, {
      explanation,
      retryAfterMs,
      retryable: retryAfterMs !== undefined,
    });
    this.name = 'NoEligibleKeysError';
  }

  /** True for any NoEligibleKeysError, even one created by another copy of this package. */
  static override isInstance(value: unknown): value is NoEligibleKeysError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
