import type { ApiKeyRouter, EmbedIntent } from '@apikeyrouter/core';
import { APIError } from 'openai';
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings';
import { BareModelRouting } from '../chat/bare-model.js';
import type { CallOptions } from '../chat/chat-params.js';
import { type RoutingInfo, routingInfo } from '../chat/routing-info.js';
import { servedModel } from '../chat/to-completion.js';
import type { CallDefaults } from '../chat/to-intent.js';
import { invalidParam, toOpenAIError } from '../errors/to-openai-error.js';

/**
 * `CreateEmbeddingResponse` as the `openai` SDK types it, plus who served it.
 *
 * @example
 * const res: RoutedEmbeddingResponse = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
 */
export type RoutedEmbeddingResponse = CreateEmbeddingResponse & { apikeyrouter: RoutingInfo };

/**
 * Embedding parameters: the SDK's own plus `fallback_models`.
 *
 * @example
 * const params: EmbeddingParams = { model: 'text-embedding-3-small', input: ['a'], fallback_models: ['gemini/text-embedding-004'] };
 */
export type EmbeddingParams = EmbeddingCreateParams & { fallback_models?: string[] };

/** A vector as OpenAI's base64 form: little-endian float32s. */
function toBase64(vector: readonly number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

function toEmbedIntent(params: EmbeddingParams): EmbedIntent {
  if (typeof params !== 'object' || params === null) throw invalidParam('body', 'params must be an object');
  const { input } = params;
  const texts = typeof input === 'string' ? input : Array.isArray(input) ? input : undefined;
  if (texts === undefined || (Array.isArray(texts) && texts.some((text) => typeof text !== 'string'))) {
    throw invalidParam(
      'input',
      'input must be a string or an array of strings (token arrays are not supported)',
    );
  }
  if (params.dimensions !== undefined) throw invalidParam('dimensions', 'dimensions is not supported');
  const intent: EmbedIntent = { model: params.model, input: texts as string | string[] };
  if (params.fallback_models !== undefined) intent.fallbackModels = params.fallback_models;
  return intent;
}

/**
 * `client.embeddings`: the `openai` SDK's embeddings resource, served by the router. Vectors come back as
 * numbers, or as base64 float32 when `encoding_format: 'base64'` is asked for, as from the API.
 *
 * @example
 * const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
 * res.data[1]?.embedding.length;
 */
export class Embeddings {
  readonly #ready: () => Promise<ApiKeyRouter>;
  readonly #defaults: CallDefaults;
  readonly #bare = new BareModelRouting();

  /** Built by the client; `ready` resolves to the router once its providers and keys are registered. */
  constructor(ready: () => Promise<ApiKeyRouter>, defaults: CallDefaults) {
    this.#ready = ready;
    this.#defaults = defaults;
  }

  /**
   * Embeds one text or a batch through the best key whose provider has embeddings.
   *
   * @example
   * await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello' });
   */
  async create(params: EmbeddingParams, options: CallOptions = {}): Promise<RoutedEmbeddingResponse> {
    let intent: EmbedIntent;
    try {
      intent = toEmbedIntent(params);
    } catch (error) {
      if (error instanceof APIError) throw error;
      throw invalidParam('input', 'the request parameters are malformed');
    }
    const timeout = options.timeout ?? this.#defaults.timeout;
    const retries = options.maxRetries ?? this.#defaults.maxRetries;
    const router = await this.#ready();
    try {
      const res = await router.embed(this.#bare.apply(router, intent), this.#defaults.objective, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(timeout !== undefined ? { deadlineMs: timeout } : {}),
        ...(retries !== undefined ? { maxAttempts: retries + 1 } : {}),
      });
      const base64 = params.encoding_format === 'base64';
      return {
        object: 'list',
        model: servedModel(res),
        data: res.embeddings.map((vector, index) => ({
          object: 'embedding' as const,
          index,
          // The SDK types `embedding` as number[] even when it holds base64 text.
          embedding: (base64 ? toBase64(vector) : vector) as number[],
        })),
        usage: { prompt_tokens: res.usage.inputTokens, total_tokens: res.usage.inputTokens },
        apikeyrouter: routingInfo(res),
      };
    } catch (error) {
      throw toOpenAIError(error);
    }
  }
}
