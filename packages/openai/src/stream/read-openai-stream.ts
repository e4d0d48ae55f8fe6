import type { AdapterStreamPart, RouterError } from '@apikeyrouter/provider';
import type { OpenAIStreamDecoder } from './openai-stream-decoder.js';

/** What {@link readOpenAIStream} needs besides the body. */
export interface ReadStreamContext {
  /** Decodes the SSE bytes. */
  decoder: OpenAIStreamDecoder;
  /** Called before each read: re-arms the idle timeout. */
  beforeRead: () => void;
  /** Called once the stream is over, however it ended. */
  dispose: () => void;
  /** Classifies a failed body read (abort, timeout, reset). */
  toError: (error: unknown) => RouterError;
}

/**
 * Reads an SSE body into stream parts. When the consumer stops early (break, return, throw) the body is
 * cancelled, which closes the HTTP exchange instead of leaving the provider streaming into the void.
 *
 * @example
 * for await (const part of readOpenAIStream(response.body, context)) console.log(part);
 */
export async function* readOpenAIStream(
  body: ReadableStream<Uint8Array>,
  context: ReadStreamContext,
): AsyncGenerator<AdapterStreamPart, void, undefined> {
  const reader = body.getReader();
  try {
    for (;;) {
      context.beforeRead();
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw context.toError(error);
      }
      if (chunk.done) break;
      for (const part of context.decoder.feedBytes(chunk.value)) yield part;
      if (context.decoder.done) break;
    }
    for (const part of context.decoder.end()) yield part;
  } finally {
    context.dispose();
    await reader.cancel().catch(() => undefined);
  }
}
