import { type AdapterStreamPart, RouterError } from '@apikeyrouter/provider';
import { ollamaError } from '../errors/ollama-error.js';
import { errorField } from '../errors/read-error-message.js';
import { toFinishReason } from '../response/finish-reason.js';
import { synthesiseToolCallId } from '../response/from-ollama-tool-calls.js';
import { toUsage } from '../response/to-usage.js';
import type { OllamaChatResponse, OllamaToolCall } from '../wire/ollama-wire-types.js';
import { fastTextLine } from './fast-text-line.js';

/**
 * What the decoder needs to report errors.
 *
 * @example
 * ```ts
 * const context: OllamaStreamContext = {
 *   providerId: 'ollama',
 *   requestedModel: 'llama3.2',
 *   apiKey: call.apiKey,
 *   now: () => call.clock.now(),
 * };
 * const decoder = new OllamaStreamDecoder(context);
 * ```
 */
export interface OllamaStreamContext {
  /** Provider id for errors. */
  providerId: string;
  /** Model to report when the stream does not name one. */
  requestedModel: string;
  /** Key material to scrub from error lines. */
  apiKey?: string;
  /** `clock.now()`, for error timestamps. */
  now: () => number;
}

/**
 * Turns the lines of an `/api/chat` NDJSON stream into {@link AdapterStreamPart}s. Text deltas pass through;
 * each tool call (Ollama sends it whole, arguments as an object) becomes one `tool-call-delta` with the full
 * JSON text; the `done: true` line becomes `finish` with usage. `{"error": …}` lines and malformed lines
 * throw a RouterError; {@link OllamaStreamDecoder.end} throws when the stream stopped before `done: true`.
 *
 * @example
 * const decoder = new OllamaStreamDecoder({ providerId: 'ollama', requestedModel: 'llama3.2', now: () => clock.now() });
 * decoder.accept('{"message":{"role":"assistant","content":"Hi"},"done":false}'); // [{ type: 'text-delta', text: 'Hi' }]
 */
export class OllamaStreamDecoder {
  readonly #context: OllamaStreamContext;
  #toolIndex = 0;
  #done = false;

  constructor(context: OllamaStreamContext) {
    this.#context = context;
  }

  /** True once the `done: true` line was seen. */
  get done(): boolean {
    return this.#done;
  }

  /** Decodes one line, appending its parts to `out` (returned); lines after `done: true` are ignored. */
  accept(line: string, out: AdapterStreamPart[] = []): AdapterStreamPart[] {
    const parts = out;
    if (this.#done) return parts;
    const fast = fastTextLine(line);
    if (fast !== undefined) {
      if (fast !== '') parts.push({ type: 'text-delta', text: fast });
      return parts;
    }
    const chunk = this.#parse(line);
    const error = errorField(chunk);
    if (error !== undefined) {
      throw ollamaError({
        providerId: this.#context.providerId,
        message: error,
        now: this.#context.now(),
        apiKey: this.#context.apiKey,
      });
    }
    const message = chunk.message;
    if (message && typeof message === 'object') {
      if (typeof message.content === 'string' && message.content !== '') {
        parts.push({ type: 'text-delta', text: message.content });
      }
      if (Array.isArray(message.tool_calls)) this.#toolCalls(message.tool_calls, parts);
    }
    if (chunk.done === true) {
      this.#done = true;
      parts.push({
        type: 'finish',
        finishReason: toFinishReason(
          typeof chunk.done_reason === 'string' ? chunk.done_reason : undefined,
          this.#toolIndex > 0,
        ),
        usage: toUsage(chunk),
        model:
          typeof chunk.model === 'string' && chunk.model !== '' ? chunk.model : this.#context.requestedModel,
      });
    }
    return parts;
  }

  /** Call when the body ended: throws a `network` RouterError if `done: true` never came. */
  end(): void {
    if (this.#done) return;
    throw new RouterError('network', `${this.#context.providerId} stream ended before its final line`, {
      providerId: this.#context.providerId,
      code: 'stream_truncated',
    });
  }

  #parse(line: string): OllamaChatResponse {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new RouterError('provider', `${this.#context.providerId} sent a malformed stream line`, {
        providerId: this.#context.providerId,
        code: 'malformed_stream',
      });
    }
    return value as OllamaChatResponse;
  }

  #toolCalls(calls: readonly OllamaToolCall[], parts: AdapterStreamPart[]): void {
    for (const call of calls) {
      const fn = call?.function;
      if (!fn || typeof fn.name !== 'string' || fn.name === '') continue;
      const args: unknown = fn.arguments;
      parts.push({
        type: 'tool-call-delta',
        index: this.#toolIndex++,
        id: typeof call.id === 'string' && call.id !== '' ? call.id : synthesiseToolCallId(),
        name: fn.name,
        argumentsDelta: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
      });
    }
  }
}
