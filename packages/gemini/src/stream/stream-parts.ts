import type { AdapterStreamPart, RouterError } from '@apikeyrouter/provider';
import type { GeminiStreamParser } from './gemini-stream-parser.js';

/** What {@link streamParts} needs to read one streamed answer. */
export interface StreamPartsSource {
  /** The HTTP body. */
  body: ReadableStream<Uint8Array>;
  /** Parser for this stream. */
  parser: GeminiStreamParser;
  /** The call's signal (caller abort or timeout). */
  signal: AbortSignal;
  /** Turns a transport failure (or abort) while reading into a RouterError. */
  classify(error: unknown): RouterError;
  /** Called once when the stream is over, however it ended. */
  onDone(): void;
}

class PartsIterator implements AsyncIterator<AdapterStreamPart> {
  readonly #source: StreamPartsSource;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #queue: AdapterStreamPart[] = [];
  #at = 0;
  #finished = false;

  constructor(source: StreamPartsSource) {
    this.#source = source;
    this.#reader = source.body.getReader();
  }

  async next(): Promise<IteratorResult<AdapterStreamPart>> {
    for (;;) {
      if (this.#finished && this.#at >= this.#queue.length) return { done: true, value: undefined };
      if (this.#source.signal.aborted && !this.#finished) {
        throw this.#fail(this.#source.classify(this.#source.signal.reason));
      }
      if (this.#at < this.#queue.length)
        return { done: false, value: this.#queue[this.#at++] as AdapterStreamPart };
      let chunk: Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;
      try {
        chunk = await this.#reader.read();
      } catch (error) {
        throw this.#fail(this.#source.classify(error));
      }
      try {
        this.#at = 0;
        if (chunk.done) {
          this.#queue = this.#source.parser.end();
          this.#close();
        } else {
          this.#queue = this.#source.parser.push(chunk.value);
        }
      } catch (error) {
        throw this.#fail(this.#source.classify(error));
      }
    }
  }

  async return(): Promise<IteratorResult<AdapterStreamPart>> {
    if (!this.#finished) this.#fail(undefined);
    return { done: true, value: undefined };
  }

  #fail<E>(error: E): E {
    this.#queue = [];
    this.#at = 0;
    // Cancelling tells fetch to drop the connection, so the provider stops generating (and billing).
    this.#reader.cancel().catch(() => undefined);
    this.#close();
    return error;
  }

  #close(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#source.onDone();
  }
}

/**
 * The parts of a streamed answer as an async iterable. Errors (transport, abort, error events, truncation)
 * are thrown from the iterator as RouterErrors; leaving the loop early (`break`, `return`) cancels the HTTP
 * body so the connection is released and generation stops.
 *
 * @example
 * for await (const part of streamParts({ body, parser, signal, classify, onDone })) if (part.type === 'text-delta') write(part.text);
 */
export function streamParts(source: StreamPartsSource): AsyncIterable<AdapterStreamPart> {
  let iterator: PartsIterator | undefined;
  return {
    [Symbol.asyncIterator]() {
      // The body can be read once; a second loop continues where the first stopped.
      iterator ??= new PartsIterator(source);
      return iterator;
    },
  };
}
