import { chunkText } from '../../simulation/fake-reply.js';
import { anthropicErrorBody } from './anthropic-error-response.js';
import type { FakeReplyMessage } from './anthropic-fake-reply.js';

/** One SSE event: its name and its data (a JSON value, or raw text for malformed data). */
export interface SseEvent {
  /** Event name. @example 'message_start' */
  event: string;
  /** Data line content. @example { type: 'message_stop' } */
  data: unknown;
}

function blockEvents(message: FakeReplyMessage, index: number): SseEvent[] {
  const block = message.content[index] as FakeReplyMessage['content'][number];
  const events: SseEvent[] = [];
  if (block.type === 'text') {
    events.push({
      event: 'content_block_start',
      data: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
    });
    for (const text of chunkText(block.text)) {
      events.push({
        event: 'content_block_delta',
        data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text } },
      });
    }
  } else {
    events.push({
      event: 'content_block_start',
      data: {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      },
    });
    // Anthropic opens every tool input with an empty partial_json, then streams the JSON in pieces.
    for (const partial_json of ['', ...chunkText(JSON.stringify(block.input), 12)]) {
      events.push({
        event: 'content_block_delta',
        data: { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } },
      });
    }
  }
  events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  if (index === 0) events.splice(1, 0, { event: 'ping', data: { type: 'ping' } });
  return events;
}

/**
 * The SSE events Anthropic streams for a message: `message_start` (usage with `output_tokens: 1`), per block
 * `content_block_start` / `content_block_delta` (`text_delta`, `input_json_delta`) / `content_block_stop`, a
 * `ping` after the first block starts, `message_delta` (stop reason, cumulative output tokens), `message_stop`.
 *
 * @example
 * messageEvents(message).map((e) => e.event); // ['message_start', 'content_block_start', 'ping', …, 'message_stop']
 */
export function messageEvents(message: FakeReplyMessage): SseEvent[] {
  const start = {
    ...message,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { ...message.usage, output_tokens: 1 },
  };
  const events: SseEvent[] = [{ event: 'message_start', data: { type: 'message_start', message: start } }];
  for (let index = 0; index < message.content.length; index++) events.push(...blockEvents(message, index));
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
      usage: { output_tokens: message.usage.output_tokens },
    },
  });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return events;
}

/**
 * A stream that breaks after HTTP 200: `cut` stops half-way without `message_stop`; `error` sends
 * `message_start` then an `overloaded_error` event; `malformed` sends `message_start` then a truncated JSON line.
 *
 * @example
 * brokenStreamEvents(message, 'error', 'req_1').at(-1)?.event; // 'error'
 */
export function brokenStreamEvents(
  message: FakeReplyMessage,
  how: 'cut' | 'error' | 'malformed',
  requestId: string,
): SseEvent[] {
  const full = messageEvents(message);
  if (how === 'cut')
    return full.slice(0, Math.min(full.length - 1, Math.max(3, Math.floor(full.length / 2))));
  const start = full.slice(0, 1);
  if (how === 'error') {
    return [
      ...start,
      { event: 'error', data: anthropicErrorBody('overloaded_error', 'Overloaded', requestId) },
    ];
  }
  return [
    ...start,
    { event: 'content_block_delta', data: '{"type":"content_block_delta","index":0,"delta":{"ty' },
  ];
}
