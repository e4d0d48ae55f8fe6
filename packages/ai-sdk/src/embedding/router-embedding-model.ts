import type { EmbeddingModelV3, EmbeddingModelV3CallOptions, EmbeddingModelV3Result } from '@ai-sdk/provider';
import { abortReason, toAPICallError } from '../errors/to-api-call-error.js';
import { routerMetadata } from '../language-model/from-response.js';
import type { ApiKeyRouterProviderOptions } from '../provider/provider-options.js';

/** The router's largest embedding batch (its intent schema's limit). */
const MAX_PER_CALL = 2048;

/**
 * An AI SDK embedding model (specification v3) served by `router.embed()`: `embed` and `embedMany` pick the
 * best key whose provider has embeddings, with failover and `embeddingFallbackModels`.
 *
 * @example
 * const { embeddings } = await embedMany({ model: akr.textEmbeddingModel('text-embedding-3-small'), values: ['a', 'b'] });
 */
export class RouterEmbeddingModel implements EmbeddingModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider = 'apikeyrouter';
  readonly modelId: string;
  readonly maxEmbeddingsPerCall = MAX_PER_CALL;
  readonly supportsParallelCalls = true;
  readonly #settings: ApiKeyRouterProviderOptions;

  /** Built by the provider: `akr.textEmbeddingModel('text-embedding-3-small')`. */
  constructor(modelId: string, settings: ApiKeyRouterProviderOptions) {
    this.modelId = modelId;
    this.#settings = settings;
    // ai@7 adapts v3 embedding models with a Proxy that calls `doEmbed` with the proxy as `this`, where
    // private fields are unreachable; bound to the instance, the method works however it is invoked.
    this.doEmbed = this.doEmbed.bind(this);
  }

  async doEmbed(options: EmbeddingModelV3CallOptions): Promise<EmbeddingModelV3Result> {
    const { router, objective, embeddingFallbackModels, tags } = this.#settings;
    const intent = {
      model: this.modelId,
      input: options.values,
      ...(embeddingFallbackModels?.length ? { fallbackModels: embeddingFallbackModels } : {}),
      ...(tags && Object.keys(tags).length > 0 ? { tags } : {}),
    };
    try {
      const res = await router.embed(
        intent,
        objective,
        options.abortSignal ? { signal: options.abortSignal } : {},
      );
      return {
        embeddings: res.embeddings,
        usage: { tokens: res.usage.inputTokens },
        providerMetadata: routerMetadata(res),
        warnings: [],
      };
    } catch (error) {
      if (options.abortSignal?.aborted) throw abortReason(options.abortSignal);
      throw toAPICallError(error, this.modelId);
    }
  }
}
