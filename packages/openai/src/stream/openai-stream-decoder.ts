import type { AdapterStreamPart, FinishReason, Usage } from '@apikeyrouter/provider';
import { RouterError } from '@apikeyrouter/provider';
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { classifyOpenAIError } from '../errors/classify-openai-error.js';
import { toFinishReason } from '../response/openai-finish-reason.js';
import { toUsage } from '../response/openai-usage.js';
import type { OpenAIChatChunk } from '../wire/openai-wire-types.js';
import { chunkPrefix, fastContentDelta } from './fast-content-delta.js';

/** The chunk prefix when it is itself well-formed JSON members without an `error` (checked once per stream). */
function validPrefix(data: string): string | undefined {
  const prefix = chunkPrefix(data);
  if (prefix === undefined) return undefined;
  try {
    const head = JSON.parse(`${prefix}"choices":[]}`) as Record<string, unknown>;
    return 'error' in head || 'usage' in head ? undefined : prefix;
  } catch {
    return undefined;
  }
}

/**
 * Options of {@link OpenAIStreamDecoder}.
 *
 * @example
 * ```ts
 * const options: OpenAIStreamDecoderOptions = { providerId: 'groq', apiKey: call.apiKey, now: () => call.clock.now() };
 * const decoder = new OpenAIStreamDecoder(options);
 * const parts = decoder.feed('data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n'); // [{ type: 'text-delta', text: 'Hi' }]
 * ```
 */
export interface OpenAIStreamDecoderOptions {
  /**
   * Provider id for errors.
   * @example 'groq'
   */
  providerId?: string;
  /**
   * Key material to scrub from error events.
   * @example call.apiKey
   */
  apiKey?: string;
  /**
   * Current instant, for per-day limits announced by an error event (`exhaustedUntil`).
   * @example () => call.clock.now()
   */
  now?: () => number;
}

/**
 * Decodes an OpenAI chat-completions SSE body into {@link AdapterStreamPart}s: text deltas, tool-call
 * deltas, and one `finish` (reason + usage from the `include_usage` chunk) at `data: [DONE]`. Error events,
 * malformed data and bodies that end before `[DONE]` are thrown as {@link RouterError}. Pure and
 * synchronous, so the bench measures exactly what the adapter runs.
 *
 * @example
 * const decoder = new OpenAIStreamDecoder({ providerId: 'openai' });
 * const parts = decoder.feedBytes(chunk); // [{ type: 'text-delta', text: 'Hel' }]
 * const last = decoder.end();             // throws when the stream was cut
 */
export class OpenAIStreamDecoder {
  readonly #providerId: string;
  readonly #apiKey: string | undefined;
  readonly #now: () => number;
  readonly #parser: EventSourceParser;
  readonly #text = new TextDecoder('utf-8');
  #out: AdapterStreamPart[] = [];
  #finishReason: FinishReason | undefined;
  #usage: Usage | undefined;
  #model: string | undefined;
  #done = false;
  /** Prefix of a fully parsed, well-formed chunk: later chunks starting with it may skip the full parse. */
  #prefix: string | undefined;
  #error: RouterError | undefined;

  constructor(options: OpenAIStreamDecoderOptions = {}) {
    this.#providerId = options.providerId ?? 'openai';
    this.#apiKey = options.apiKey;
    this.#now = options.now ?? (() => 0);
    this.#parser = createParser({ onEvent: (event) => this.#onEvent(event) });
  }

  /** True once `data: [DONE]` arrived or the stream failed; stop reading then and call {@link end}. */
  get done(): boolean {
    return this.#done;
  }

  /** Feeds raw body bytes (UTF-8, split anywhere) and returns the parts they completed. */
  feedBytes(bytes: Uint8Array): AdapterStreamPart[] {
    return this.feed(this.#text.decode(bytes, { stream: true }));
  }

  /**
   * Feeds decoded text and returns the parts it completed. When the text holds an error, the parts before
   * it are returned first and the error is thrown by the next call (`feed` or `end`).
   */
  feed(text: string): AdapterStreamPart[] {
    if (this.#error) throw this.#error;
    if (!this.#done && text !== '') {
      try {
        this.#parser.feed(text);
      } catch (error) {
        this.#done = true;
        this.#error = RouterError.isInstance(error)
          ? error
          : new RouterError('provider', `${this.#providerId} stream could not be parsed`, {
              providerId: this.#providerId,
              code: 'malformed_stream',
              cause: error,
            });
        if (this.#out.length === 0) throw this.#error;
      }
    }
    const out = this.#out;
    this.#out = [];
    return out;
  }

  /**
   * Call when the body has ended. Returns the last parts, or throws `stream_cut` when `[DONE]` never came
   * (unless both the finish reason and the usage chunk were already in).
   */
  end(): AdapterStreamPart[] {
    if (this.#error) throw this.#error;
    let flushed: AdapterStreamPart[] = [];
    if (!this.#done) {
      try {
        // The last event may lack its blank line; a final event is either data or an error, never both.
        flushed = this.feed(`${this.#text.decode()}\n\n`);
      } catch (error) {
        if (!RouterError.isInstance(error) || error.code !== 'malformed_stream') throw error;
        // A half-written last event is what a cut looks like: report the cut, not the JSON.
        this.#error = undefined;
        this.#done = false;
      }
    }
    if (!this.#done) {
      if (this.#finishReason === undefined || this.#usage === undefined) {
        this.#done = true;
        this.#error = new RouterError('network', `${this.#providerId} stream ended before [DONE]`, {
          providerId: this.#providerId,
          code: 'stream_truncated',
        });
        throw this.#error;
      }
      this.#finish();
    }
    const out = [...flushed, ...this.#out];
    this.#out = [];
    return out;
  }

  #finish(): void {
    this.#done = true;
    const part: AdapterStreamPart = { type: 'finish', finishReason: this.#finishReason ?? 'other' };
    if (this.#usage) part.usage = this.#usage;
    if (this.#model) part.model = this.#model;
    this.#out.push(part);
  }

  #onEvent(event: EventSourceMessage): void {
    if (this.#done) return;
    const data = event.data;
    if (data === '[DONE]') {
      this.#finish();
      return;
    }
    if (event.event === undefined) {
      const text = fastContentDelta(data, this.#prefix);
      if (text !== undefined) {
        if (text !== '') this.#out.push({ type: 'text-delta', text });
        return;
      }
    }
    let chunk: OpenAIChatChunk;
    try {
      chunk = JSON.parse(data) as OpenAIChatChunk;
    } catch (cause) {
      throw new RouterError('provider', `${this.#providerId} sent malformed stream data`, {
        providerId: this.#providerId,
        code: 'malformed_stream',
        cause,
      });
    }
    if (event.event === 'error' || (typeof chunk === 'object' && chunk !== null && chunk.error)) {
      throw classifyOpenAIError(
        { body: chunk, text: data },
        { providerId: this.#providerId, now: this.#now(), apiKey: this.#apiKey },
      );
    }
    this.#onChunk(chunk);
    if (this.#prefix === undefined && this.#model !== undefined) this.#prefix = validPrefix(data);
  }

  #onChunk(chunk: OpenAIChatChunk): void {
    if (typeof chunk !== 'object' || chunk === null) return;
    if (this.#model === undefined && typeof chunk.model === 'string' && chunk.model !== '') {
      this.#model = chunk.model;
    }
    if (chunk.usage) this.#usage = toUsage(chunk.usage);
    const choices = chunk.choices;
    if (!Array.isArray(choices)) return;
    for (const choice of choices) {
      if ((choice.index ?? 0) !== 0) continue;
      const delta = choice.delta;
      if (delta) {
        if (typeof delta.content === 'string' && delta.content !== '') {
          this.#out.push({ type: 'text-delta', text: delta.content });
        }
        if (Array.isArray(delta.tool_calls)) {
          for (const call of delta.tool_calls) {
            const part: AdapterStreamPart = {
              type: 'tool-call-delta',
              index: call.index ?? 0,
              argumentsDelta: call.function?.arguments ?? '',
            };
            if (call.id) part.id = call.id;
            if (call.function?.name) part.name = call.function.name;
            this.#out.push(part);
          }
        }
      }
      if (choice.finish_reason) this.#finishReason = toFinishReason(choice.finish_reason);
    }
  }
}
