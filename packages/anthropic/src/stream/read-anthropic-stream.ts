import type { AdapterStreamPart, StreamDecoder } from '@apikeyrouter/provider';
import type { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';

function* feed(decoder: AnthropicStreamDecoder, text: string): Generator<AdapterStreamPart> {
  yield* decoder.push(text);
  decoder.throwIfFailed();
}

/**
 * The Anthropic SSE decoder behind the kit's {@link StreamDecoder} interface, for the kit's `readStream`:
 * parts decoded before an `error` event are yielded, then its RouterError is thrown; `end` throws when the
 * stream stopped before `message_stop`.
 *
 * @example
 * for await (const part of readStream(response.body, anthropicStreamDecoder(new AnthropicStreamDecoder()), context)) console.log(part);
 */
export function anthropicStreamDecoder(decoder: AnthropicStreamDecoder): StreamDecoder<AdapterStreamPart> {
  const text = new TextDecoder();
  return {
    feedBytes: (bytes) => feed(decoder, text.decode(bytes, { stream: true })),
    *end() {
      yield* feed(decoder, text.decode());
      decoder.end();
    },
    get done() {
      return decoder.finished;
    },
  };
}
