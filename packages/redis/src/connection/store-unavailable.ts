import { StoreUnavailableError } from '@apikeyrouter/core';

/**
 * The error a Redis store raises when Redis does not answer in time or is unreachable: category
 * `store_unavailable`, retryable, never carrying key material or the Redis URL's password.
 *
 * @example
 * throw storeUnavailable('spend.reserve', new Error('Command timed out'));
 */
export function storeUnavailable(operation: string, cause: unknown): StoreUnavailableError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new StoreUnavailableError(`Redis store unavailable during ${operation}: ${scrub(reason)}`, {
    retryable: true,
    code: 'redis_unavailable',
  });
}

/** Strips credentials from anything URL-shaped in a client error message. */
function scrub(text: string): string {
  return text.replace(/\/\/[^@/\s]*@/g, '//***@').slice(0, 300);
}
