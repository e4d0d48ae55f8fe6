import { randomUUID } from 'node:crypto';
import type { ApiKeyRouter } from '@apikeyrouter/core';
import { APIError } from 'openai';
import { invalidParam, toOpenAIError } from '../errors/to-openai-error.js';
import { BareModelRouting } from './bare-model.js';
import type { CallOptions, ChatParams, ChatParamsNonStreaming, ChatParamsStreaming } from './chat-params.js';
import { ChatCompletionStream } from './chat-stream.js';
import { type RoutedChatCompletion, toChatCompletion } from './to-completion.js';
import { type CallDefaults, type RoutedCall, toRoutedCall } from './to-intent.js';

/** Anything thrown while reading the caller's params that is not already an OpenAI error is a bad request. */
function readCall(params: ChatParams, call: CallOptions, defaults: CallDefaults): RoutedCall {
  try {
    return toRoutedCall(params, call ?? {}, defaults);
  } catch (error) {
    if (error instanceof APIError) throw error;
    throw invalidParam('messages', 'the request parameters are malformed');
  }
}

/**
 * `client.chat.completions`: the `openai` SDK's chat-completions resource, served by the router.
 *
 * @example
 * const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 */
export class Completions {
  readonly #ready: () => Promise<ApiKeyRouter>;
  readonly #defaults: CallDefaults;
  readonly #bare = new BareModelRouting();

  /** Built by the client; `ready` resolves to the router once its providers and keys are registered. */
  constructor(ready: () => Promise<ApiKeyRouter>, defaults: CallDefaults) {
    this.#ready = ready;
    this.#defaults = defaults;
  }

  /**
   * Creates a chat completion through the best key, with failover and fallback models. With `stream: true`
   * resolves, once the first token is in, to an async iterable of `ChatCompletionChunk`; failures before the
   * first token fail over or reject here, as the SDK rejects on an HTTP error.
   *
   * @example
   * const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
   */
  create(params: ChatParamsNonStreaming, options?: CallOptions): Promise<RoutedChatCompletion>;
  create(params: ChatParamsStreaming, options?: CallOptions): Promise<ChatCompletionStream>;
  create(params: ChatParams, options?: CallOptions): Promise<RoutedChatCompletion | ChatCompletionStream>;
  async create(
    params: ChatParams,
    options: CallOptions = {},
  ): Promise<RoutedChatCompletion | ChatCompletionStream> {
    const read = readCall(params, options, this.#defaults);
    const router = await this.#ready();
    const call = { ...read, intent: this.#bare.apply(router, read.intent) };
    const id = `chatcmpl-${randomUUID().replaceAll('-', '')}`;
    const created = Math.floor(router.clock.now() / 1000);
    if (call.intent.stream !== true) {
      try {
        const res = await router.route(call.intent, call.objective, call.options);
        return toChatCompletion(res, id, created);
      } catch (error) {
        throw toOpenAIError(error);
      }
    }
    return this.#stream(router, call, params, id, created);
  }

  async #stream(
    router: ApiKeyRouter,
    call: RoutedCall,
    params: ChatParams,
    id: string,
    created: number,
  ): Promise<ChatCompletionStream> {
    const controller = new AbortController();
    const callerSignal = call.options.signal;
    const forward = () => controller.abort();
    if (callerSignal?.aborted) forward();
    callerSignal?.addEventListener('abort', forward, { once: true });
    const release = () => callerSignal?.removeEventListener('abort', forward);
    const source = router
      .routeStream(call.intent, call.objective, { ...call.options, signal: controller.signal })
      [Symbol.asyncIterator]();
    try {
      const first = await source.next();
      return new ChatCompletionStream(controller, source, first, {
        id,
        created,
        model: call.intent.model,
        includeUsage: params.stream_options?.include_usage === true,
        release,
      });
    } catch (error) {
      release();
      throw toOpenAIError(error);
    }
  }
}
