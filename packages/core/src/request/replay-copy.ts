import type { Decimal } from 'decimal.js';
import type { RouteResponse } from '../execution/route-response.js';
import {
  RoutingExplanation,
  type RoutingExplanationData,
} from '../routing/explanation/routing-explanation.js';

/** A served response kept for replay: its JSON text (no live objects) and its exact cost. */
export interface StoredResponse {
  json: string;
  amount: Decimal;
  /** Approximate memory held, for the cache's byte bound (UTF-16 text). */
  bytes: number;
}

/**
 * Freezes a response into a replayable form, or undefined when it cannot be (a `raw` body that is not
 * JSON). Only the text is kept, so the cache holds no provider objects alive and bounds its bytes exactly.
 *
 * @example
 * const stored = storeResponse(response);
 */
export function storeResponse(response: RouteResponse): StoredResponse | undefined {
  try {
    const json = JSON.stringify({ ...response, cost: { ...response.cost, amount: undefined } });
    return { json, amount: response.cost.amount, bytes: json.length * 2 + 128 };
  } catch {
    return undefined;
  }
}

/**
 * A fresh, independent copy of a stored response: mutating one caller's answer never changes another's.
 * (Decimal amounts are immutable, so the one instance is shared.)
 *
 * @example
 * const mine = replayCopy(stored);
 */
export function replayCopy(stored: StoredResponse): RouteResponse {
  const copy = JSON.parse(stored.json) as RouteResponse & { explanation: RoutingExplanationData };
  copy.cost.amount = stored.amount;
  copy.explanation = new RoutingExplanation(copy.explanation);
  return copy;
}
