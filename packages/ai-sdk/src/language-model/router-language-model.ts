import {
  AISDKError,
  InvalidPromptError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3Content,
  type LanguageModelV3GenerateResult,
  type LanguageModelV3StreamPart,
  type LanguageModelV3StreamResult,
} from '@ai-sdk/provider';
import type { ApiKeyRouter, RouteStreamChunk } from '@apikeyrouter/core';
import { abortReason, toAPICallError } from '../errors/to-api-call-error.js';
import type { ApiKeyRouterProviderOptions } from '../provider/provider-options.js';
import { routerMetadata, toFinishReason, toUsage } from './from-response.js';
import { StreamParts } from './stream-parts.js';
import { type RoutedCall, toRoutedCall } from './to-intent.js';

/**
 * Reads the call; a prompt the conversion cannot read (only possible when `doGenerate` is called directly
 * with malformed input: the AI SDK validates prompts first) becomes `InvalidPromptError`, never a TypeError.
 */
function readCall(
  modelId: string,
  options: LanguageModelV3CallOptions,
  settings: ApiKeyRouterProviderOptions,
  stream: boolean,
): RoutedCall {
  try {
    return toRoutedCall(modelId, options, settings, stream);
  } catch (error) {
    if (AISDKError.isInstance(error)) throw error;
    throw new InvalidPromptError({
      prompt: options?.prompt,
      message: 'The prompt is malformed',
      cause: error,
    });
  }
}

/** A failure as the AI SDK expects it: the caller's abort as an AbortError, anything else as APICallError. */
function failure(error: unknown, options: LanguageModelV3CallOptions, modelId: string): Error {
  if (options.abortSignal?.aborted) return abortReason(options.abortSignal);
  return toAPICallError(error, modelId);
}

/**
 * An AI SDK language model (specification v3) served by the router: `generateText`, `streamText`,
 * `generateObject` and tool calls work as with any provider, while every call picks the best key, fails
 * over (streams before the first token) and falls back to other models. `providerMetadata.apikeyrouter`
 * says who served the call and at what cost.
 *
 * @example
 * const { text, providerMetadata } = await generateText({ model: akr('gpt-4o-mini'), prompt: 'Hi' });
 */
export class RouterLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider = 'apikeyrouter';
  readonly modelId: string;
  /** Image URLs are passed to the provider as URLs (not downloaded first). */
  readonly supportedUrls: Record<string, RegExp[]> = { 'image/*': [/^https:\/\//] };
  readonly #settings: ApiKeyRouterProviderOptions;

  /** Built by the provider: `akr('gpt-4o-mini')`. */
  constructor(modelId: string, settings: ApiKeyRouterProviderOptions) {
    this.modelId = modelId;
    this.#settings = settings;
    // Wrappers that proxy the model (ai@7's v3 → v4 adapter, user middleware) may invoke these methods with
    // the proxy as `this`, where private fields are unreachable; bound to the instance, they always work.
    this.doGenerate = this.doGenerate.bind(this);
    this.doStream = this.doStream.bind(this);
  }

  get #router(): ApiKeyRouter {
    return this.#settings.router;
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const call = readCall(this.modelId, options, this.#settings, false);
    let res: Awaited<ReturnType<ApiKeyRouter['route']>>;
    try {
      res = await this.#router.route(call.intent, call.objective, call.options);
    } catch (error) {
      throw failure(error, options, this.modelId);
    }
    const content: LanguageModelV3Content[] = [];
    if (res.content !== '') content.push({ type: 'text', text: res.content });
    for (const toolCall of res.message.toolCalls ?? []) {
      content.push({
        type: 'tool-call',
        toolCallId: toolCall.id,
        toolName: toolCall.name,
        input: toolCall.arguments || '{}',
      });
    }
    return {
      content,
      finishReason: toFinishReason(res.finishReason),
      usage: toUsage(res.usage),
      providerMetadata: routerMetadata(res),
      request: { body: { model: call.intent.model } },
      response: {
        id: res.providerRequestId ?? res.requestId,
        modelId: `${res.providerId}/${res.model}`,
        timestamp: new Date(this.#router.clock.now()),
      },
      warnings: call.warnings,
    };
  }

  /**
   * Starts the stream and waits for its first chunk, so failures before the first token (after the
   * router's failover) reject here, where the AI SDK expects call errors.
   */
  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const call = readCall(this.modelId, options, this.#settings, true);
    const source = this.#router
      .routeStream(call.intent, call.objective, call.options)
      [Symbol.asyncIterator]();
    let first: IteratorResult<RouteStreamChunk, void>;
    try {
      first = await source.next();
    } catch (error) {
      throw failure(error, options, this.modelId);
    }
    const parts = new StreamParts(() => this.#router.clock.now());
    const modelId = this.modelId;
    let pending: IteratorResult<RouteStreamChunk, void> | undefined = first;
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        controller.enqueue({ type: 'stream-start', warnings: call.warnings });
      },
      async pull(controller) {
        try {
          const step = pending ?? (await source.next());
          pending = undefined;
          if (step.done) {
            controller.close();
            return;
          }
          for (const part of parts.next(step.value)) controller.enqueue(part);
        } catch (error) {
          controller.enqueue({ type: 'error', error: failure(error, options, modelId) });
          controller.close();
        }
      },
      async cancel() {
        await source.return?.();
      },
    });
    return { stream, request: { body: { model: call.intent.model } } };
  }
}
