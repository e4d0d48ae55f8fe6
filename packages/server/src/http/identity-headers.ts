import type { ServedRequest } from '@apikeyrouter/core';

/** Prefix of every gateway header. */
export const HEADER_PREFIX = 'x-apikeyrouter-';

// Names built once: a template per answer concatenates, flattens and interns each name again.
const REQUEST_ID = `${HEADER_PREFIX}request-id`;
const PROVIDER = `${HEADER_PREFIX}provider`;
const KEY_ID = `${HEADER_PREFIX}key-id`;
const ATTEMPTS = `${HEADER_PREFIX}attempts`;
const COST = `${HEADER_PREFIX}cost`;
const MODEL = `${HEADER_PREFIX}model`;
const CACHE = `${HEADER_PREFIX}cache`;

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
  const headers: Record<string, string> = { [REQUEST_ID]: requestId };
  if (served) {
    headers[PROVIDER] = served.providerId;
    headers[KEY_ID] = servedKeyId(served);
    headers[ATTEMPTS] = String(served.attempts);
    headers[COST] = served.cost.amount.toFixed();
    headers[MODEL] = served.model;
  }
  if (cache === 'hit') {
    headers[COST] = '0';
    headers[ATTEMPTS] = '0';
  }
  if (cache) headers[CACHE] = cache;
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
    headers[PROVIDER] = outcome.provider;
    headers[KEY_ID] = outcome.keyId;
    headers[ATTEMPTS] = String(outcome.attempts);
    headers[MODEL] = outcome.model;
  }
  return headers;
}
