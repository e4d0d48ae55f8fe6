import { type BodyLimits, resolveBodyLimits, responseTooLarge } from '../http/body-limits.js';
import type { CallSignal } from '../http/call-signal.js';
import { readFailure } from '../http/read-body.js';

/**
 * Turns a provider's stream bytes into parts. Framing (SSE events, NDJSON records) and wire mapping are the
 * adapter's; the kit's {@link readStream} does the reading, the caps, the idle timer and the clean-up.
 *
 * @example
 * const decoder: StreamDecoder<AdapterStreamPart> = { feedBytes: (b) => parser.feed(b), end: () => parser.end() };
 */
export interface StreamDecoder<P> {
  /** Decodes the next bytes; returns the parts they complete. May throw a RouterError (an error event). */
  feedBytes(bytes: Uint8Array): Iterable<P>;
  /** The body ended: returns the last parts, or throws when the answer was cut short. */
  end(): Iterable<P>;
  /** True once the answer is complete (`[DONE]`, `message_stop`, `done: true`); reading stops. */
  readonly done?: boolean;
}

/**
 * What {@link readStream} needs besides the body and the decoder.
 *
 * @example
 * const context: ReadStreamContext = { providerId: 'ollama', callSignal, parentSignal: call.signal };
 */
export interface ReadStreamContext {
  /** Provider id, for errors. */
  providerId: string;
  /** The call's signal: touched on every chunk (idle timer), disposed when reading stops. */
  callSignal: CallSignal;
  /** The caller's signal. */
  parentSignal: AbortSignal;
  /** Caps; defaults in {@link BodyLimits}. */
  limits?: BodyLimits;
}

const NEWLINE = 10;

/**
 * Reads a stream body through a decoder. Every chunk restarts the idle timer; a line (bytes between two
 * newlines) longer than `maxLineBytes` or a stream longer than `maxStreamBytes` stops the read with
 * `provider` / `response_too_large`; read failures get the one transport category and code. When the
 * consumer stops early, or anything fails, the body is cancelled and the call signal disposed.
 *
 * @example
 * for await (const part of readStream(response.body, decoder, context)) yield part;
 */
export function readStream<P>(
  body: ReadableStream<Uint8Array>,
  decoder: StreamDecoder<P>,
  context: ReadStreamContext,
): AsyncGenerator<P, void, undefined> {
  return new StreamParts(body, decoder, context);
}

type Result<P> = IteratorResult<P, void>;

/**
 * A hand-written iterator rather than an async generator: parts already decoded are handed out without a
 * generator round trip each, which matters for streams of many small deltas.
 */
class StreamParts<P> implements AsyncGenerator<P, void, undefined> {
  readonly #body: ReadableStream<Uint8Array>;
  readonly #decoder: StreamDecoder<P>;
  readonly #context: ReadStreamContext;
  readonly #limits: Required<BodyLimits>;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #buffer: P[] = [];
  #at = 0;
  #total = 0;
  #lineBytes = 0;
  #ended = false;
  #closed = false;

  constructor(body: ReadableStream<Uint8Array>, decoder: StreamDecoder<P>, context: ReadStreamContext) {
    this.#body = body;
    this.#decoder = decoder;
    this.#context = context;
    this.#limits = resolveBodyLimits(context.limits);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<Result<P>> {
    if (this.#at < this.#buffer.length) {
      return Promise.resolve({ done: false, value: this.#buffer[this.#at++] as P });
    }
    return this.#refill();
  }

  async return(): Promise<Result<P>> {
    await this.#close(true);
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<Result<P>> {
    await this.#close(true);
    throw error;
  }

  async #refill(): Promise<Result<P>> {
    try {
      for (;;) {
        if (this.#closed) return { done: true, value: undefined };
        if (this.#ended) {
          this.#take(this.#decoder.end());
          await this.#close(false);
          return this.#at < this.#buffer.length
            ? { done: false, value: this.#buffer[this.#at++] as P }
            : { done: true, value: undefined };
        }
        if (!this.#reader) {
          this.#reader = this.#body.getReader();
          this.#context.callSignal.touch();
        }
        let chunk: Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;
        try {
          chunk = await this.#reader.read();
        } catch (error) {
          throw readFailure(error, this.#context);
        }
        if (chunk.done) {
          this.#ended = true;
          continue;
        }
        this.#context.callSignal.touch();
        this.#check(chunk.value);
        this.#take(this.#decoder.feedBytes(chunk.value));
        if (this.#decoder.done) this.#ended = true;
        if (this.#at < this.#buffer.length) return { done: false, value: this.#buffer[this.#at++] as P };
      }
    } catch (error) {
      await this.#close(true);
      throw error;
    }
  }

  #take(parts: Iterable<P>): void {
    this.#buffer = Array.isArray(parts) ? parts : [...parts];
    this.#at = 0;
  }

  #check(bytes: Uint8Array): void {
    const limits = this.#limits;
    const providerId = this.#context.providerId;
    this.#total += bytes.byteLength;
    if (this.#total > limits.maxStreamBytes)
      throw responseTooLarge(providerId, 'stream', limits.maxStreamBytes);
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    if (lastNewline < 0) this.#lineBytes += bytes.byteLength;
    else {
      const firstNewline = bytes.indexOf(NEWLINE);
      if (
        this.#lineBytes + firstNewline > limits.maxLineBytes ||
        longestInnerLine(bytes) > limits.maxLineBytes
      ) {
        throw responseTooLarge(providerId, 'stream line', limits.maxLineBytes);
      }
      this.#lineBytes = bytes.byteLength - lastNewline - 1;
    }
    if (this.#lineBytes > limits.maxLineBytes)
      throw responseTooLarge(providerId, 'stream line', limits.maxLineBytes);
  }

  async #close(cancel: boolean): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (cancel) {
      this.#buffer = [];
      this.#at = 0;
    }
    this.#context.callSignal.dispose();
    if (!this.#reader) {
      if (cancel) await this.#body.cancel().catch(() => undefined);
      return;
    }
    if (cancel || !this.#ended) await this.#reader.cancel().catch(() => undefined);
    this.#reader.releaseLock();
  }
}

function longestInnerLine(bytes: Uint8Array): number {
  let longest = 0;
  let start = bytes.indexOf(NEWLINE) + 1;
  for (let next = bytes.indexOf(NEWLINE, start); next >= 0; next = bytes.indexOf(NEWLINE, start)) {
    if (next - start > longest) longest = next - start;
    start = next + 1;
  }
  return longest;
}
