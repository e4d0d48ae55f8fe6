import { type AdapterStreamPart, type FinishReason, RouterError } from '@apikeyrouter/provider';
import { createParser, type EventSourceParser } from 'eventsource-parser';
import { routerErrorFromGoogle } from '../errors/router-error-from-google.js';
import { scrubKey } from '../errors/scrub-key.js';
import { blockedPromptReason, mapFinishReason } from '../response/finish-reason.js';
import { readParts } from '../response/read-parts.js';
import { toUsage } from '../response/to-usage.js';
import { asArray, asRecord, asString, type JsonRecord } from '../wire/json-guards.js';

/**
 * Settings of a {@link GeminiStreamParser}.
 *
 * @example
 * ```ts
 * const options: GeminiStreamParserOptions = {
 *   providerId: 'gemini',
 *   apiKey: call.apiKey,
 *   now: () => call.clock.now(),
 * };
 * const parser = new GeminiStreamParser(options);
 * ```
 */
export interface GeminiStreamParserOptions {
  /** Provider id for errors. */
  providerId?: string;
  /** Key material to scrub from error events. */
  apiKey?: string;
  /** Current time, for quota resets in error events. */
  now?: () => number;
}

/**
 * Parses Gemini's `streamGenerateContent?alt=sse` body: each `data:` event is a whole
 * GenerateContentResponse. Text parts become `text-delta`s, `functionCall` parts (sent whole, never split)
 * one `tool-call-delta` each, and a `finish` part is produced at the end with the last reported usage.
 * Gemini sends no `[DONE]`: the stream is complete only if some chunk carried a `finishReason` or a
 * `promptFeedback.blockReason`, otherwise {@link end} throws (`network`, code `stream_truncated`). An
 * `{"error": …}` event is thrown as its RouterError; a non-JSON event as `provider`/`malformed_stream`.
 *
 * @example
 * const parser = new GeminiStreamParser();
 * const parts = parser.push(new TextEncoder().encode('data: {"candidates":[{"content":{"parts":[{"text":"Hi"}]},"finishReason":"STOP"}]}\r\n\r\n'));
 * parts.push(...parser.end()); // [{ type: 'text-delta', text: 'Hi' }, { type: 'finish', finishReason: 'stop', … }]
 */
export class GeminiStreamParser {
  readonly #decoder = new TextDecoder();
  readonly #sse: EventSourceParser;
  readonly #events: string[] = [];
  readonly #providerId: string;
  readonly #apiKey: string;
  readonly #now: () => number;
  #toolCalls = 0;
  #finishRaw: string | undefined;
  #blocked: FinishReason | undefined;
  #usageRaw: unknown;
  #model: string | undefined;
  #ended = false;
  #pending: RouterError | undefined;

  constructor(options: GeminiStreamParserOptions = {}) {
    this.#providerId = options.providerId ?? 'gemini';
    this.#apiKey = options.apiKey ?? '';
    this.#now = options.now ?? (() => 0);
    this.#sse = createParser({ onEvent: (event) => this.#events.push(event.data) });
  }

  /** Feeds raw body bytes; returns the parts completed by them. Throws a RouterError on an error event. */
  push(bytes: Uint8Array): AdapterStreamPart[] {
    this.#sse.feed(this.#decoder.decode(bytes, { stream: true }));
    return this.#drain();
  }

  /** Signals the end of the body; returns the final parts (the `finish`), or throws when it was cut short. */
  end(): AdapterStreamPart[] {
    if (this.#pending) throw this.#pending;
    if (this.#ended) return [];
    this.#ended = true;
    // A last event without its blank line is dispatched; if it is cut mid-JSON the stream was truncated.
    this.#sse.feed(`${this.#decoder.decode()}\n\n`);
    let parts: AdapterStreamPart[];
    try {
      parts = this.#drain();
    } catch (error) {
      if (RouterError.isInstance(error) && error.code === 'malformed_stream') throw this.#truncated();
      throw error;
    }
    if (this.#finishRaw === undefined && this.#blocked === undefined) throw this.#truncated();
    const finishReason = this.#blocked ?? mapFinishReason(this.#finishRaw, this.#toolCalls > 0);
    const finish: AdapterStreamPart = { type: 'finish', finishReason };
    if (this.#usageRaw !== undefined) finish.usage = toUsage(this.#usageRaw);
    if (this.#model !== undefined) finish.model = this.#model;
    parts.push(finish);
    return parts;
  }

  #truncated(): RouterError {
    return new RouterError('network', 'The Gemini stream ended before its final chunk (no finishReason)', {
      providerId: this.#providerId,
      code: 'stream_truncated',
    });
  }

  #drain(): AdapterStreamPart[] {
    if (this.#pending) throw this.#pending;
    const parts: AdapterStreamPart[] = [];
    try {
      for (let i = 0; i < this.#events.length; i++) this.#chunk(this.#events[i] as string, parts);
    } catch (error) {
      this.#events.length = 0;
      // Parts that arrived before the error are delivered first; the error surfaces on the next call.
      if (parts.length === 0 || !RouterError.isInstance(error)) throw error;
      this.#pending = error;
      return parts;
    }
    this.#events.length = 0;
    return parts;
  }

  #chunk(data: string, parts: AdapterStreamPart[]): void {
    let chunk: JsonRecord | undefined;
    try {
      chunk = asRecord(JSON.parse(data));
    } catch {
      chunk = undefined;
    }
    if (!chunk) {
      throw new RouterError('provider', 'Gemini sent a stream event that is not a JSON object', {
        providerId: this.#providerId,
        code: 'malformed_stream',
      });
    }
    if (chunk.error !== undefined) {
      const scrubbed: unknown = this.#apiKey === '' ? chunk : JSON.parse(scrubKey(data, this.#apiKey));
      throw routerErrorFromGoogle(undefined, scrubbed, {
        providerId: this.#providerId,
        now: this.#now(),
      });
    }
    const candidate = asRecord(asArray(chunk.candidates)[0]);
    if (candidate) {
      const { text, toolCalls } = readParts(asRecord(candidate.content)?.parts, this.#toolCalls);
      if (text !== '') parts.push({ type: 'text-delta', text });
      for (const call of toolCalls) {
        parts.push({
          type: 'tool-call-delta',
          index: this.#toolCalls++,
          id: call.id,
          name: call.name,
          argumentsDelta: call.arguments,
        });
      }
      const finishReason = asString(candidate.finishReason);
      if (finishReason !== undefined && finishReason !== 'FINISH_REASON_UNSPECIFIED')
        this.#finishRaw = finishReason;
    } else {
      const blockReason = asString(asRecord(chunk.promptFeedback)?.blockReason);
      if (blockReason !== undefined) this.#blocked = blockedPromptReason(blockReason);
    }
    // Every chunk repeats usage; only the last one counts, so it is normalised once at the end.
    if (chunk.usageMetadata !== undefined) this.#usageRaw = chunk.usageMetadata;
    const model = asString(chunk.modelVersion);
    if (model !== undefined) this.#model = model;
  }
}
