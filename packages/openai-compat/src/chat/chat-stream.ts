import type { RouteStreamChunk } from '@apikeyrouter/core';
import { toOpenAIFinishReason, toOpenAIUsage } from '@apikeyrouter/openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { toOpenAIError } from '../errors/to-openai-error.js';
import { type RoutingInfo, routingInfo } from './routing-info.js';
import { servedModel } from './to-completion.js';

/**
 * Identity of the stream, stamped on every chunk.
 *
 * @example
 * const meta: StreamMeta = { id: 'chatcmpl-1', created: 1767225600, model: 'gpt-4o-mini', includeUsage: true, release: () => {} };
 */
export interface StreamMeta {
  /** `chatcmpl-…` id shared by every chunk. */
  id: string;
  /** Unix seconds from the router's clock. */
  created: number;
  /** Model as requested; the last chunks carry the served `provider/model`. */
  model: string;
  /** `stream_options.include_usage`. */
  includeUsage: boolean;
  /** Detaches the caller's signal once the stream is over. */
  release: () => void;
}

type Step = IteratorResult<RouteStreamChunk, void>;

/**
 * A streamed chat completion, shaped like the `openai` SDK's `Stream<ChatCompletionChunk>`: iterate it with
 * `for await`, stop it with `stream.controller.abort()` (iteration then ends quietly, as in the SDK) or by
 * breaking out of the loop. The first chunk carries the assistant role; the finish chunk carries
 * `finish_reason` and the served `provider/model`; with `stream_options.include_usage` a last chunk with
 * empty `choices` carries the usage. Errors are the `openai` package's error classes.
 *
 * @example
 * const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 * console.log(stream.routing?.providerId);
 */
export class ChatCompletionStream implements AsyncIterable<ChatCompletionChunk> {
  /** Aborts the underlying request. */
  readonly controller: AbortController;
  /** Who served the stream; set once the finish chunk has been read. */
  routing: RoutingInfo | undefined;
  readonly #meta: StreamMeta;
  readonly #source: AsyncIterator<RouteStreamChunk, void>;
  #first: Step | undefined;
  #consumed = false;

  /**
   * Built by `chat.completions.create({ stream: true })` once the first router chunk is in hand.
   *
   * @internal
   */
  constructor(
    controller: AbortController,
    source: AsyncIterator<RouteStreamChunk, void>,
    first: Step,
    meta: StreamMeta,
  ) {
    this.controller = controller;
    this.#source = source;
    this.#first = first;
    this.#meta = meta;
  }

  #chunk(
    choices: ChatCompletionChunk['choices'],
    model = this.#meta.model,
    usage?: ChatCompletionChunk['usage'],
  ): ChatCompletionChunk {
    const chunk: ChatCompletionChunk = {
      id: this.#meta.id,
      object: 'chat.completion.chunk',
      created: this.#meta.created,
      model,
      choices,
    };
    if (this.#meta.includeUsage) chunk.usage = usage ?? null;
    return chunk;
  }

  *#translate(part: RouteStreamChunk): Generator<ChatCompletionChunk> {
    if (part.type === 'text-delta') {
      yield this.#chunk([{ index: 0, delta: { content: part.text }, finish_reason: null }]);
    } else if (part.type === 'tool-call-delta') {
      const call: NonNullable<ChatCompletionChunk.Choice.Delta['tool_calls']>[number] = {
        index: part.index,
        function: { arguments: part.argumentsDelta },
      };
      if (part.id !== undefined) {
        call.id = part.id;
        call.type = 'function';
      }
      if (part.name !== undefined && call.function) call.function.name = part.name;
      yield this.#chunk([{ index: 0, delta: { tool_calls: [call] }, finish_reason: null }]);
    } else {
      this.routing = routingInfo(part);
      const model = servedModel(part);
      const finish = toOpenAIFinishReason(part.finishReason);
      yield this.#chunk([{ index: 0, delta: {}, finish_reason: finish }], model);
      if (this.#meta.includeUsage) yield this.#chunk([], model, toOpenAIUsage(part.usage));
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    if (this.#consumed) throw new Error('Cannot iterate over a consumed stream');
    this.#consumed = true;
    let done = false;
    try {
      yield this.#chunk([
        { index: 0, delta: { role: 'assistant', content: '', refusal: null }, finish_reason: null },
      ]);
      let step = this.#first as Step;
      this.#first = undefined;
      while (!step.done) {
        yield* this.#translate(step.value);
        step = await this.#source.next();
      }
      done = true;
    } catch (error) {
      // As in the SDK: a deliberate abort ends the iteration quietly.
      if (this.controller.signal.aborted) return;
      throw toOpenAIError(error);
    } finally {
      this.#meta.release();
      if (!done) {
        this.controller.abort();
        await this.#source.return?.().catch(() => undefined);
      }
    }
  }
}
