import type { RequestCost } from '../execution/route-response.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';

/**
 * Embeddings from whichever key served the request.
 *
 * @example
 * const { embeddings, cost } = await router.embed({ model: 'text-embedding-3-small', input: ['a', 'b'] });
 */
export interface EmbedResult {
  /** One vector per input text, in order. */
  embeddings: number[][];
  /** Tokens billed. */
  usage: { inputTokens: number };
  /** What it cost (Decimal). */
  cost: RequestCost;
  /** Id of the key that served it (never the material). */
  keyUsed: string;
  /** Provider that served it. */
  providerId: string;
  /** Model as the provider reported it. */
  model: string;
  /** Time from `embed()` to the answer, in ms. */
  latencyMs: number;
  /** Provider calls made. */
  attempts: number;
  /** Why this key. */
  explanation: RoutingExplanation;
  /** Router request id. */
  requestId: string;
}
