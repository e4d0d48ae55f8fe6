import type { ServedRequest } from '@apikeyrouter/core';

/** Prefix of every gateway header. */
export const HEADER_PREFIX = 'x-apikeyrouter-';

/**
 * The key id that served a request (never material). Isolated so a rename in core touches one line.
 *
 * @example
 * servedKeyId(res); // 'openai_3f9a1c0b7d2e'
 */
export function servedKeyId(served: ServedRequest): string {
  return served.keyId;
}

/**
 * Identity headers of an answer: request id always; provider, key id, attempts and cost when a key served
 * it; cache hits cost 0 and name no key.
 *
 * @example
 * c.header(...) for each of identityHeaders('gw_1', res, 'miss')
 */
export function identityHeaders(
  requestId: string,
  served: ServedRequest | undefined,
  cache: 'hit' | 'miss' | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { [`${HEADER_PREFIX}request-id`]: requestId };
  if (served) {
    headers[`${HEADER_PREFIX}provider`] = served.providerId;
    headers[`${HEADER_PREFIX}key-id`] = servedKeyId(served);
    headers[`${HEADER_PREFIX}attempts`] = String(served.attempts);
    headers[`${HEADER_PREFIX}cost`] = served.cost.amount.toFixed();
    headers[`${HEADER_PREFIX}model`] = served.model;
  }
  if (cache === 'hit') {
    headers[`${HEADER_PREFIX}cost`] = '0';
    headers[`${HEADER_PREFIX}attempts`] = '0';
  }
  if (cache) headers[`${HEADER_PREFIX}cache`] = cache;
  return headers;
}

/**
 * Identity headers of a stream, sent once its first event is ready: request id always; for a stream a key
 * serves, its provider, key id (never material), attempts so far and the model it was sent as (cost is known
 * only at the end and travels in the final event); a cache replay is a hit with cost 0.
 *
 * @example
 * sseResponse(events, wire, hooks, () => streamIdentityHeaders(state.id, state.outcome));
 */
export function streamIdentityHeaders(
  requestId: string,
  outcome: {
    provider: string;
    keyId: string | undefined;
    attempts: number;
    model: string;
    cache: 'hit' | 'miss' | undefined;
  },
): Record<string, string> {
  const headers = identityHeaders(requestId, undefined, outcome.cache);
  if (outcome.cache !== 'hit' && outcome.keyId !== undefined) {
    headers[`${HEADER_PREFIX}provider`] = outcome.provider;
    headers[`${HEADER_PREFIX}key-id`] = outcome.keyId;
    headers[`${HEADER_PREFIX}attempts`] = String(outcome.attempts);
    headers[`${HEADER_PREFIX}model`] = outcome.model;
  }
  return headers;
}
