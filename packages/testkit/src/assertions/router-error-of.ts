import { RouterError } from '@apikeyrouter/core';

/**
 * The `RouterError` a call fails with. Fails the test when the call succeeds or throws anything else, so a
 * test that expects a typed failure cannot pass on a plain `Error` or on success.
 *
 * @param pending - the call's promise, or a function that starts the call (a synchronous throw counts too)
 * @example
 * const error = await routerErrorOf(adapter.execute(call));
 * expect(error.category).toBe('rate_limit');
 */
export async function routerErrorOf(
  pending: Promise<unknown> | (() => Promise<unknown>),
): Promise<RouterError> {
  try {
    await (typeof pending === 'function' ? pending() : pending);
  } catch (error) {
    if (RouterError.isInstance(error)) return error;
    throw new Error(`expected a RouterError, got ${String(error)}`);
  }
  throw new Error('expected a RouterError, but the call succeeded');
}
