import type { ServedRequest } from '@apikeyrouter/core';

/**
 * Who served a drop-in call, attached to every completion, stream chunk set and embedding response as
 * `apikeyrouter`. Plain JSON: cost is a decimal string, the explanation its one-line summary.
 *
 * @example
 * const completion = await client.chat.completions.create(params);
 * console.log(completion.apikeyrouter.keyId, completion.apikeyrouter.cost);
 */
export interface RoutingInfo {
  /** Id of the key that served the call (never the material). */
  keyId: string;
  /** Provider that served it. */
  providerId: string;
  /** Cost in USD as a decimal string (`"0.000012"`); `"0"` with `costKnown: false` when unpriced. */
  cost: string;
  /** False when the model had no known price. */
  costKnown: boolean;
  /** Provider calls made. */
  attempts: number;
  /** Router request id. */
  requestId: string;
  /** One-line summary of the routing decision. */
  explanation: string;
}

/**
 * The {@link RoutingInfo} of a router result.
 *
 * @example
 * routingInfo(await router.route(intent)).providerId; // 'openai'
 */
export function routingInfo(served: ServedRequest): RoutingInfo {
  return {
    keyId: served.keyUsed,
    providerId: served.providerId,
    cost: served.cost.amount.toFixed(),
    costKnown: served.cost.known,
    attempts: served.attempts,
    requestId: served.requestId,
    explanation: String(served.explanation),
  };
}
