import type { AdapterStreamPart, RouterError } from '@apikeyrouter/provider';
import type { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';

/** How {@link readAnthropicStream} reports failures and cleans up. */
export interface StreamReadHooks {
  /** Turns a body-read failure (abort, timeout, socket) into a RouterError. @example (e) => classify(e) */
  classify(error: unknown): RouterError;
  /** Called after every chunk received (restarts the idle timeout). @example () => guard.progress() */
  progress(): void;
  /** Runs once when reading stops for any reason (timer disposal). @example () => guard.dispose() */
  done(): void;
}

/**
 * Reads an SSE body through the decoder and yields its parts. After `message_stop` it reads the (empty) rest
 * so the connection can be reused; throws the decoder's RouterErrors and classified read failures. When the consumer stops early (break / return), the
 * body is cancelled so the connection does not keep streaming.
 *
 * @example
 * for await (const part of readAnthropicStream(response.body, new AnthropicStreamDecoder(), hooks)) console.log(part);
 */
export async function* readAnthropicStream(
  body: ReadableStream<Uint8Array>,
  decoder: AnthropicStreamDecoder,
  hooks: StreamReadHooks,
): AsyncGenerator<AdapterStreamPart, void, undefined> {
  const reader = body.getReader();
  const text = new TextDecoder();
  let drained = false;
  const read = async (): Promise<{ done: boolean; value?: Uint8Array }> => {
    try {
      return await reader.read();
    } catch (error) {
      throw hooks.classify(error);
    }
  };
  try {
    while (!decoder.finished) {
      const chunk = await read();
      hooks.progress();
      if (chunk.done) {
        drained = true;
        yield* decoder.push(text.decode());
        decoder.throwIfFailed();
        decoder.end();
        return;
      }
      yield* decoder.push(text.decode(chunk.value, { stream: true }));
      decoder.throwIfFailed();
    }
    try {
      while (!(await reader.read()).done) {
        // Anything after message_stop is ignored.
      }
      drained = true;
    } catch {
      // The answer is already complete; a failure while draining the tail changes nothing.
    }
  } finally {
    // Covers early exit by the consumer, errors, and the bytes after message_stop we no longer need.
    if (!drained) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
    hooks.done();
  }
}
