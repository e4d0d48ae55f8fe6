import {
  type AdapterStreamPart,
  type BodyLimits,
  type CallSignal,
  createCallSignal,
  readStream,
  type StreamDecoder,
  systemClock,
} from '@apikeyrouter/provider';
import { NdjsonLineSplitter } from './ndjson-lines.js';
import { type OllamaStreamContext, OllamaStreamDecoder } from './ollama-stream-decoder.js';

/**
 * What {@link readOllamaStream} reads.
 *
 * @example
 * ```ts
 * const input: ReadOllamaStreamInput = {
 *   body: response.body!,
 *   providerId: 'ollama',
 *   requestedModel: 'llama3.2',
 *   now: () => clock.now(),
 *   limits: { maxStreamBytes: 16 << 20 },
 * };
 * for await (const part of readOllamaStream(input)) console.log(part.type);
 * ```
 */
export interface ReadOllamaStreamInput extends OllamaStreamContext {
  /** The HTTP body (NDJSON bytes). */
  body: ReadableStream<Uint8Array>;
  /** The call's signal; disposed when the stream ends, fails or is closed. */
  callSignal?: CallSignal;
  /** The caller's signal, to tell a caller abort from a timeout. */
  parentSignal?: AbortSignal;
  /** Response size caps. */
  limits?: BodyLimits;
}

/**
 * The `/api/chat` NDJSON decoder behind the kit's {@link StreamDecoder} interface: bytes are split into
 * lines, each line decoded into parts; `end` throws when the stream stopped before `done: true`.
 *
 * @example
 * const decoder = ollamaStreamDecoder({ providerId: 'ollama', requestedModel: 'llama3.2', now: () => clock.now() });
 */
export function ollamaStreamDecoder(context: OllamaStreamContext): StreamDecoder<AdapterStreamPart> {
  const decoder = new OllamaStreamDecoder(context);
  const splitter = new NdjsonLineSplitter();
  const text = new TextDecoder();
  // A failing line throws only after the parts of the lines before it have been handed out.
  let failure: { error: unknown } | undefined;
  const accept = (lines: string[], out: AdapterStreamPart[]) => {
    if (failure) throw failure.error;
    try {
      for (const line of lines) decoder.accept(line, out);
    } catch (error) {
      if (out.length === 0) throw error;
      failure = { error };
    }
    return out;
  };
  return {
    feedBytes: (bytes) => accept(splitter.push(text.decode(bytes, { stream: true })), []),
    end() {
      const out = accept(splitter.push(text.decode()), []);
      const last = splitter.flush();
      if (last !== undefined) accept([last], out);
      if (failure) throw failure.error;
      decoder.end();
      return out;
    },
    get done() {
      return decoder.done;
    },
  };
}

/**
 * Reads an `/api/chat` NDJSON body into stream parts through the kit's `readStream` (caps, idle timer, one
 * transport mapping, cancel on early exit).
 *
 * @example
 * for await (const part of readOllamaStream({ body, providerId: 'ollama', requestedModel: 'llama3.2', now: () => clock.now() })) console.log(part);
 */
export function readOllamaStream(
  input: ReadOllamaStreamInput,
): AsyncGenerator<AdapterStreamPart, void, undefined> {
  const parentSignal = input.parentSignal ?? new AbortController().signal;
  return readStream(input.body, ollamaStreamDecoder(input), {
    providerId: input.providerId,
    callSignal: input.callSignal ?? createCallSignal(parentSignal, undefined, systemClock),
    parentSignal,
    limits: input.limits,
  });
}
