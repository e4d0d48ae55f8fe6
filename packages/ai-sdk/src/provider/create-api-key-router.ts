import { type EmbeddingModelV3, NoSuchModelError, type ProviderV3 } from '@ai-sdk/provider';
import { RouterEmbeddingModel } from '../embedding/router-embedding-model.js';
import { RouterLanguageModel } from '../language-model/router-language-model.js';
import type { ApiKeyRouterProviderOptions } from './provider-options.js';

/**
 * The AI SDK provider returned by {@link createApiKeyRouter}: call it with a model id for a language model.
 *
 * @example
 * const model = akr('anthropic/claude-3-5-haiku-latest');
 */
export interface ApiKeyRouterProvider extends ProviderV3 {
  (modelId: string): RouterLanguageModel;
  /** A language model (`gpt-4o-mini`, `provider/model`). */
  languageModel(modelId: string): RouterLanguageModel;
  /** An embedding model. */
  embeddingModel(modelId: string): RouterEmbeddingModel;
  /** Alias of `embeddingModel`, the name older AI SDK code uses. */
  textEmbeddingModel(modelId: string): RouterEmbeddingModel;
}

/**
 * Creates a Vercel AI SDK provider that sends every call through an ApiKeyRouter in-process: the best key
 * for the objective, failover, fallback models, budgets, and `providerMetadata.apikeyrouter` on each result.
 * Implements the AI SDK provider specification v3 (what `ai@6` uses; `ai@7` accepts v3 models too).
 *
 * @example
 * import { generateText } from 'ai';
 * const akr = createApiKeyRouter({ router, objective: 'cost', fallbackModels: ['anthropic/claude-3-5-haiku-latest'] });
 * const { text } = await generateText({ model: akr('gpt-4o-mini'), prompt: 'Say hi' });
 */
export function createApiKeyRouter(options: ApiKeyRouterProviderOptions): ApiKeyRouterProvider {
  const settings: ApiKeyRouterProviderOptions = { ...options };
  const languageModel = (modelId: string) => new RouterLanguageModel(modelId, settings);
  const embeddingModel = (modelId: string): RouterEmbeddingModel & EmbeddingModelV3 =>
    new RouterEmbeddingModel(modelId, settings);
  const provider = (modelId: string) => languageModel(modelId);
  return Object.assign(provider, {
    specificationVersion: 'v3' as const,
    languageModel,
    embeddingModel,
    textEmbeddingModel: embeddingModel,
    imageModel: (modelId: string): never => {
      throw new NoSuchModelError({
        modelId,
        modelType: 'imageModel',
        message: 'ApiKeyRouter routes no image models',
      });
    },
  });
}
