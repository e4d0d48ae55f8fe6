import { anthropicErrorBody } from '../http/error-bodies.js';
import type { HttpFailure } from '../http/http-failure.js';
import type { StreamEncoder } from '../http/sse-response.js';
import type { StreamEvent } from '../http/stream-events.js';
import { anthropicStopReason } from './messages-response.js';

function sse(name: string, data: Record<string, unknown>): string {
  return `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
}

/**
 * Writes stream events as Anthropic Messages SSE: `message_start`, a content block per text run or tool call
 * (`content_block_start` / `_delta` / `_stop`), `message_delta` with the stop reason and usage, `message_stop`.
 *
 * @example
 * const wire = new AnthropicStreamEncoder('gw_1', 'claude-3-5-haiku-latest');
 */
export class AnthropicStreamEncoder implements StreamEncoder {
  #block = -1;
  #open: 'text' | number | undefined;

  constructor(
    readonly id: string,
    readonly model: string,
  ) {}

  start(): string {
    return sse('message_start', {
      message: {
        id: `msg_${this.id}`,
        type: 'message',
        role: 'assistant',
        model: this.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      },
    });
  }

  #close(): string {
    if (this.#open === undefined) return '';
    this.#open = undefined;
    return sse('content_block_stop', { index: this.#block });
  }

  event(event: StreamEvent): string {
    if (event.type === 'text') {
      let out = '';
      if (this.#open !== 'text') {
        out += this.#close();
        this.#block++;
        this.#open = 'text';
        out += sse('content_block_start', { index: this.#block, content_block: { type: 'text', text: '' } });
      }
      return (
        out +
        sse('content_block_delta', { index: this.#block, delta: { type: 'text_delta', text: event.text } })
      );
    }
    if (event.type === 'tool') {
      let out = '';
      if (this.#open !== event.index) {
        out += this.#close();
        this.#block++;
        this.#open = event.index;
        out += sse('content_block_start', {
          index: this.#block,
          content_block: {
            type: 'tool_use',
            id: event.id ?? `toolu_${this.id}_${event.index}`,
            name: event.name ?? '',
            input: {},
          },
        });
      }
      if (event.argumentsDelta === '') return out;
      return (
        out +
        sse('content_block_delta', {
          index: this.#block,
          delta: { type: 'input_json_delta', partial_json: event.argumentsDelta },
        })
      );
    }
    return (
      this.#close() +
      sse('message_delta', {
        delta: { stop_reason: anthropicStopReason(event.answer.finishReason), stop_sequence: null },
        usage: {
          input_tokens: event.answer.usage.inputTokens,
          output_tokens: event.answer.usage.outputTokens,
        },
      }) +
      sse('message_stop', {})
    );
  }

  error(failure: HttpFailure): string {
    const body = anthropicErrorBody(failure);
    return `event: error\ndata: ${JSON.stringify(body)}\n\n`;
  }
}
