import { toOpenAIFinishReason, toOpenAIUsage } from '@apikeyrouter/openai';
import { openAIErrorBody } from '../http/error-bodies.js';
import type { HttpFailure } from '../http/http-failure.js';
import { identityHeaders } from '../http/identity-headers.js';
import type { StreamEncoder } from '../http/sse-response.js';
import type { StreamEvent } from '../http/stream-events.js';

/**
 * Writes stream events as OpenAI `chat.completion.chunk` server-sent events: a role chunk first, deltas, a
 * chunk with `finish_reason`, then (with `include_usage`) a usage chunk with empty `choices`, then `[DONE]`.
 * A failure after the first chunk becomes a `data: {"error": …}` event, which the SDK raises.
 *
 * @example
 * const encoder = new OpenAIStreamEncoder('req_1', 1767225600, 'gpt-4o-mini', true);
 * write(encoder.start());
 */
export class OpenAIStreamEncoder implements StreamEncoder {
  #model: string;

  constructor(
    readonly id: string,
    readonly created: number,
    model: string,
    readonly includeUsage: boolean,
  ) {
    this.#model = model;
  }

  #chunk(
    delta: Record<string, unknown>,
    finish: string | null = null,
    identity?: Record<string, string>,
  ): string {
    const chunk: Record<string, unknown> = {
      id: `chatcmpl-${this.id}`,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.#model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    };
    if (this.includeUsage) chunk.usage = null;
    if (identity) chunk.apikeyrouter = identity;
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }

  /** The opening chunk (role). */
  start(): string {
    return this.#chunk({ role: 'assistant', content: '' });
  }

  /** The SSE text of one event. */
  event(event: StreamEvent): string {
    if (event.type === 'text') return this.#chunk({ content: event.text });
    if (event.type === 'tool') {
      const call: Record<string, unknown> = { index: event.index };
      if (event.id !== undefined) call.id = event.id;
      if (event.id !== undefined || event.name !== undefined) call.type = 'function';
      const fn: Record<string, unknown> = { arguments: event.argumentsDelta };
      if (event.name !== undefined) fn.name = event.name;
      call.function = fn;
      return this.#chunk({ tool_calls: [call] });
    }
    this.#model = event.answer.model;
    let out = this.#chunk({}, toOpenAIFinishReason(event.answer.finishReason), identityOf(event));
    if (this.includeUsage) {
      const usage = {
        id: `chatcmpl-${this.id}`,
        object: 'chat.completion.chunk',
        created: this.created,
        model: this.#model,
        choices: [],
        usage: toOpenAIUsage(event.answer.usage),
      };
      out += `data: ${JSON.stringify(usage)}\n\n`;
    }
    return `${out}data: [DONE]\n\n`;
  }

  /** A typed error event for a failure after the stream started. */
  error(failure: HttpFailure): string {
    return `data: ${JSON.stringify(openAIErrorBody(failure))}\n\n`;
  }
}

/**
 * Who served a stream, for its finish chunk (stream headers leave before a key has answered): the same
 * fields as the identity headers, without their prefix; a cache replay says so with zero cost.
 */
function identityOf(event: Extract<StreamEvent, { type: 'finish' }>): Record<string, string> {
  const headers = identityHeaders('', event.served, event.served ? undefined : 'hit');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name !== 'x-apikeyrouter-request-id') out[name.slice('x-apikeyrouter-'.length)] = value;
  }
  return out;
}
