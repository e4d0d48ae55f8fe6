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
  const inner = readChunks(body, decoder, context);
  let started = false;
  const outer: AsyncGenerator<P, void, undefined> = {
    next() {
      started = true;
      return inner.next();
    },
    async return() {
      if (!started) {
        // A generator that never ran has no finally to run: release the body and the timers here.
        context.callSignal.dispose();
        await body.cancel().catch(() => undefined);
      }
      return inner.return(undefined);
    },
    throw(error: unknown) {
      return inner.throw(error);
    },
    [Symbol.asyncIterator]() {
      return outer;
    },
  };
  return outer;
}

async function* readChunks<P>(
  body: ReadableStream<Uint8Array>,
  decoder: StreamDecoder<P>,
  context: ReadStreamContext,
): AsyncGenerator<P, void, undefined> {
  const limits = resolveBodyLimits(context.limits);
  const reader = body.getReader();
  let total = 0;
  let lineBytes = 0;
  let finished = false;
  try {
    context.callSignal.touch();
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw readFailure(error, context);
      }
      if (chunk.done) {
        finished = true;
        break;
      }
      context.callSignal.touch();
      const bytes = chunk.value;
      total += bytes.byteLength;
      if (total > limits.maxStreamBytes)
        throw responseTooLarge(context.providerId, 'stream', limits.maxStreamBytes);
      const lastNewline = bytes.lastIndexOf(NEWLINE);
      if (lastNewline < 0) lineBytes += bytes.byteLength;
      else {
        const firstNewline = bytes.indexOf(NEWLINE);
        if (lineBytes + firstNewline > limits.maxLineBytes || longestInnerLine(bytes) > limits.maxLineBytes) {
          throw responseTooLarge(context.providerId, 'stream line', limits.maxLineBytes);
        }
        lineBytes = bytes.byteLength - lastNewline - 1;
      }
      if (lineBytes > limits.maxLineBytes)
        throw responseTooLarge(context.providerId, 'stream line', limits.maxLineBytes);
      yield* decoder.feedBytes(bytes);
      if (decoder.done) break;
    }
    yield* decoder.end();
  } finally {
    context.callSignal.dispose();
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
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
