import type { AdapterStreamPart, CallSignal } from '@apikeyrouter/core';
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

/**
 * The parts of a streamed `/api/chat` answer. Every failure is thrown as a RouterError: error lines, malformed
 * lines, a body cut before `done: true` (`network`), timeouts and caller aborts while reading. Breaking out of
 * the iteration cancels the HTTP body.
 *
 * @example
 * for await (const part of readOllamaStream({ body: response.body, providerId: 'ollama', requestedModel: 'llama3.2', now: Date.now })) {
 *   if (part.type === 'text-delta') process.stdout.write(part.text);
 * }
 */
export async function* readOllamaStream(input: ReadOllamaStreamInput): AsyncGenerator<AdapterStreamPart> {
  const decoder = new OllamaStreamDecoder(input);
  try {
    for await (const lines of ndjsonLineBatches(input.body)) {
      for (const line of lines) {
        for (const part of decoder.accept(line)) yield part;
      }
    }
    decoder.end();
  } catch (error) {
    throw transportError(error, {
      providerId: input.providerId,
      timedOut: input.callSignal?.timedOut ?? false,
      aborted: input.parentSignal?.aborted ?? false,
      apiKey: input.apiKey,
    });
  } finally {
    input.callSignal?.dispose();
  }
}
