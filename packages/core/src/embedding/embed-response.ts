import type { ServedRequest } from '../execution/route-response.js';

/**
 * Embeddings from whichever key served the request: what `router.embed()` resolves to. (An adapter's own
 * answer is `AdapterEmbedResponse`.)
 *
 * @example
 * const { embeddings, cost } = await router.embed({ model: 'text-embedding-3-small', input: ['a', 'b'] });
 */
export interface EmbedResponse extends ServedRequest {
  /** One vector per input text, in order. */
  embeddings: number[][];
  /** Tokens billed. */
  usage: { inputTokens: number };
}
