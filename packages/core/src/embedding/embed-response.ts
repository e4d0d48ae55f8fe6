import type { ServedRequest } from '../execution/route-response.js';

/**
 * Embeddings from whichever key served the request.
 *
 * @example
 * const { embeddings, cost } = await router.embed({ model: 'text-embedding-3-small', input: ['a', 'b'] });
 */
export interface EmbedResult extends ServedRequest {
  /** One vector per input text, in order. */
  embeddings: number[][];
  /** Tokens billed. */
  usage: { inputTokens: number };
}
