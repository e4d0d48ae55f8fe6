import type { AdapterStreamPart, CallSignal } from '@apikeyrouter/provider';
import { transportError } from '../adapter/ollama-http.js';
import { ndjsonLineBatches } from './ndjson-lines.js';
import { type OllamaStreamContext, OllamaStreamDecoder } from './ollama-stream-decoder.js';

/** Inputs of {@link readOllamaStream}. */
export interface ReadOllamaStreamInput extends OllamaStreamContext {
  /** The HTTP body (NDJSON bytes). */
  body: ReadableStream<Uint8Array>;
  /** The call's signal; disposed when the stream ends, fails or is closed. */
  callSignal?: CallSignal;
  /** The caller's signal, to tell a caller abort from a timeout. */
  parentSignal?: AbortSignal;
}

type Result = IteratorResult<AdapterStreamPart, undefined>;
const DONE: Result = { done: true, value: undefined };

/**
 * Decodes a whole network chunk of lines at a time and hands the parts out from a buffer. Hand-written rather
 * than an async generator: a generator pays several promise hops per part, which halves NDJSON throughput.
 * Parts decoded before a failing line are delivered before the failure is thrown.
 */
class OllamaStreamParts implements AsyncIterableIterator<AdapterStreamPart> {
  readonly #input: ReadOllamaStreamInput;
  readonly #decoder: OllamaStreamDecoder;
  readonly #lines: AsyncGenerator<string[]>;
  #buffer: AdapterStreamPart[] = [];
  #position = 0;
  #failure: unknown;
  #closed = false;

  constructor(input: ReadOllamaStreamInput) {
    this.#input = input;
    this.#decoder = new OllamaStreamDecoder(input);
    this.#lines = ndjsonLineBatches(input.body);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<Result> {
    if (this.#position < this.#buffer.length) {
      return Promise.resolve({ done: false, value: this.#buffer[this.#position++] as AdapterStreamPart });
    }
    return this.#refill();
  }

  async return(): Promise<Result> {
    await this.#close();
    return DONE;
  }

  async #refill(): Promise<Result> {
    for (;;) {
      if (this.#failure !== undefined) {
        const failure = this.#failure;
        this.#failure = undefined;
        await this.#close();
        throw failure;
      }
      if (this.#closed) return DONE;
      this.#buffer = [];
      this.#position = 0;
      try {
        const batch = await this.#lines.next();
        if (batch.done) {
          this.#decoder.end();
          await this.#close();
          return DONE;
        }
        for (const line of batch.value) this.#decoder.accept(line, this.#buffer);
      } catch (error) {
        this.#failure = transportError(error, {
          providerId: this.#input.providerId,
          timedOut: this.#input.callSignal?.timedOut ?? false,
          aborted: this.#input.parentSignal?.aborted ?? false,
          apiKey: this.#input.apiKey,
        });
      }
      if (this.#position < this.#buffer.length) {
        return { done: false, value: this.#buffer[this.#position++] as AdapterStreamPart };
      }
    }
  }

  async #close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#buffer = [];
    try {
      // Cancels the HTTP body when the stream is abandoned before its end. A line reader that never started
      // never locked the body, so that body is cancelled directly.
      await this.#lines.return(undefined);
      if (!this.#input.body.locked) await this.#input.body.cancel().catch(() => undefined);
    } finally {
      this.#input.callSignal?.dispose();
    }
  }
}

/**
 * The parts of a streamed `/api/chat` answer. Every failure is thrown as a RouterError: error lines, malformed
 * lines, a body cut before `done: true` (`network`), timeouts and caller aborts while reading. Closing the
 * iteration early (break, return) cancels the HTTP body and disposes the call's timer.
 *
 * @example
 * for await (const part of readOllamaStream({ body: response.body, providerId: 'ollama', requestedModel: 'llama3.2', now: Date.now })) {
 *   if (part.type === 'text-delta') process.stdout.write(part.text);
 * }
 */
export function readOllamaStream(input: ReadOllamaStreamInput): AsyncIterableIterator<AdapterStreamPart> {
  return new OllamaStreamParts(input);
}
