import { storeUnavailable } from './store-unavailable.js';

/**
 * A CROSSSLOT reply is a key-layout bug, not an unavailable store: surface it so tests catch it.
 *
 * @example
 * isCrossSlot(new Error("CROSSSLOT Keys in request don't hash to the same slot")); // true
 */
export function isCrossSlot(error: unknown): boolean {
  return error instanceof Error && error.message.includes('CROSSSLOT');
}

/**
 * A Lua runtime error is a bug in a script, not an unavailable store: let it surface as it is.
 *
 * @example
 * isScriptBug(new Error('ERR user_script:3: attempt to compare nil with number')); // true
 */
export function isScriptBug(error: unknown): boolean {
  return error instanceof Error && /ERR (user_script|Error running script|.*script)/i.test(error.message);
}

/**
 * The error a failed Redis call surfaces as: a script bug or a key-layout (CROSSSLOT) bug as it is, so tests and
 * operators see it; anything else as `store_unavailable`, for the store's availability policy.
 *
 * @example
 * catch (error) { throw callFailure('spend.reserve', error); }
 */
export function callFailure(operation: string, error: unknown): unknown {
  return isScriptBug(error) || isCrossSlot(error) ? error : storeUnavailable(operation, error);
}
