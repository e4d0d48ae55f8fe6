import { type AdapterStreamPart, RouterError } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

const START = sse('message_start', {
  type: 'message_start',
  message: {
    id: 'msg_1',
    model: 'claude-sonnet-5-5',
    content: [],
    usage: {
      input_tokens: 12,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 2048,
      output_tokens: 1,
    },
  },
});
const delta = (index: number, body: unknown) =>
  sse('content_block_delta', { type: 'content_block_delta', index, delta: body });
const blockStart = (index: number, block: unknown) =>
  sse('content_block_start', { type: 'content_block_start', index, content_block: block });
const blockStop = (index: number) => sse('content_block_stop', { type: 'content_block_stop', index });
const END =
  sse('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { output_tokens: 42 },
  }) + sse('message_stop', { type: 'message_stop' });

const FULL = [
  START,
  blockStart(0, { type: 'thinking', thinking: '' }),
  sse('ping', { type: 'ping' }),
  delta(0, { type: 'thinking_delta', thinking: 'let me think' }),
  delta(0, { type: 'signature_delta', signature: 'sig' }),
  blockStop(0),
  blockStart(1, { type: 'text', text: '' }),
  delta(1, { type: 'text_delta', text: 'Hel' }),
  delta(1, { type: 'citations_delta', citation: {} }),
  delta(1, { type: 'text_delta', text: 'lo' }),
  blockStop(1),
  blockStart(2, { type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} }),
  delta(2, { type: 'input_json_delta', partial_json: '' }),
  delta(2, { type: 'input_json_delta', partial_json: '{"city":' }),
  delta(2, { type: 'input_json_delta', partial_json: '"Oslo"}' }),
  blockStop(2),
  blockStart(3, { type: 'tool_use', id: 'toolu_2', name: 'noop', input: {} }),
  blockStop(3),
  sse('brand_new_event', { type: 'brand_new_event', x: 1 }),
  END,
].join('');

function decodeAll(text: string, step: number, decoder = new AnthropicStreamDecoder()): AdapterStreamPart[] {
  const parts: AdapterStreamPart[] = [];
  for (let i = 0; i < text.length; i += step) parts.push(...decoder.push(text.slice(i, i + step)));
  decoder.end();
  return parts;
}

function thrown(run: () => unknown): RouterError {
  try {
    run();
  } catch (error) {
    if (RouterError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a RouterError');
}

const EXPECTED: AdapterStreamPart[] = [
  { type: 'text-delta', text: 'Hel' },
  { type: 'text-delta', text: 'lo' },
  { type: 'tool-call-delta', index: 0, id: 'toolu_1', name: 'weather', argumentsDelta: '' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: '"Oslo"}' },
  { type: 'tool-call-delta', index: 1, id: 'toolu_2', name: 'noop', argumentsDelta: '' },
  { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
  {
    type: 'finish',
    finishReason: 'tool_calls',
    model: 'claude-sonnet-5-5',
    usage: {
      inputTokens: 2060,
      outputTokens: 42,
      totalTokens: 2102,
      cachedInputTokens: 2048,
      cacheCreationInputTokens: 0,
    },
  },
];

describe('AnthropicStreamDecoder', () => {
  it('decodes text, tool calls and the final usage, skipping thinking, ping and unknown events', () => {
    expect(decodeAll(FULL, FULL.length)).toEqual(EXPECTED);
  });

  it('gives the same parts whatever the chunk boundaries', () => {
    for (const step of [1, 3, 17, 256]) expect(decodeAll(FULL, step)).toEqual(EXPECTED);
    expect(decodeAll(FULL.replaceAll('\n', '\r\n'), 5)).toEqual(EXPECTED);
  });

  it('streams the JSON answer tool as text and finishes with stop', () => {
    const text = [
      START,
      blockStart(0, { type: 'tool_use', id: 'toolu_9', name: 'json_response', input: {} }),
      delta(0, { type: 'input_json_delta', partial_json: '{"a":' }),
      delta(0, { type: 'input_json_delta', partial_json: '1}' }),
      blockStop(0),
      END,
    ].join('');
    const parts = decodeAll(text, 7, new AnthropicStreamDecoder({ responseToolName: 'json_response' }));
    expect(parts.slice(0, 2)).toEqual([
      { type: 'text-delta', text: '{"a":' },
      { type: 'text-delta', text: '1}' },
    ]);
    expect(parts[2]).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('throws an error event as its classified RouterError after the parts before it', () => {
    const decoder = new AnthropicStreamDecoder({ providerId: 'anthropic', now: () => 0 });
    const text =
      START +
      blockStart(0, { type: 'text', text: '' }) +
      delta(0, { type: 'text_delta', text: 'par' }) +
      sse('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(decoder.push(text)).toEqual([{ type: 'text-delta', text: 'par' }]);
    const error = thrown(() => decoder.push(''));
    expect(error).toMatchObject({
      category: 'provider',
      code: 'overloaded',
      upstreamCode: 'overloaded_error',
      keyEffect: 'failure',
      retryable: true,
      providerId: 'anthropic',
    });
    expect(thrown(() => decoder.end()).code).toBe('overloaded');
  });

  it('classifies other error events by type', () => {
    const decoder = new AnthropicStreamDecoder();
    const error = thrown(() =>
      decoder.push(
        sse('error', { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }),
      ),
    );
    expect(error.category).toBe('rate_limit');
    expect(error.status).toBeUndefined();
  });

  it('throws malformed_stream for data that is not JSON or not an object', () => {
    for (const data of ['{"type":"content_block_del', '42', 'null']) {
      const decoder = new AnthropicStreamDecoder();
      const error = thrown(() => decoder.push(START + sse('content_block_delta', data)));
      expect(error).toMatchObject({ category: 'provider', code: 'malformed_stream' });
    }
  });

  it('throws stream_truncated when the body ends before message_stop', () => {
    const decoder = new AnthropicStreamDecoder();
    decoder.push(START + blockStart(0, { type: 'text', text: '' }));
    expect(decoder.finished).toBe(false);
    expect(thrown(() => decoder.end())).toMatchObject({
      category: 'network',
      code: 'stream_truncated',
      retryable: true,
    });
  });

  it('takes usage counters from message_delta when they arrive there', () => {
    const decoder = new AnthropicStreamDecoder();
    const parts = decoder.push(
      sse('message_start', { type: 'message_start', message: { model: 'm', usage: { input_tokens: 1 } } }) +
        sse('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: 'max_tokens' },
          usage: { output_tokens: 9, input_tokens: 30, cache_read_input_tokens: null },
        }) +
        sse('message_stop', { type: 'message_stop' }),
    );
    expect(parts).toEqual([
      {
        type: 'finish',
        finishReason: 'length',
        model: 'm',
        usage: { inputTokens: 30, outputTokens: 9, totalTokens: 39 },
      },
    ]);
  });

  it('ignores events after message_stop', () => {
    const decoder = new AnthropicStreamDecoder();
    const parts = decoder.push(
      `${END}${sse('error', { type: 'error', error: { type: 'api_error', message: 'late' } })}`,
    );
    expect(parts).toHaveLength(1);
    expect(() => decoder.end()).not.toThrow();
  });

  it('decodes escapes, spacing variants and oversized deltas exactly like JSON.parse would', () => {
    const text = 'quote " backslash \\ newline \n accent \u00e9 emoji 😀';
    const big = 'x'.repeat(5000);
    const spaced =
      'event: content_block_delta\ndata: { "type": "content_block_delta", "index": 0, "delta": { "type": "text_delta", "text": "sp" } }\n\n';
    const decoder = new AnthropicStreamDecoder();
    const parts = decoder.push(
      START +
        blockStart(0, { type: 'text', text: '' }) +
        delta(0, { type: 'text_delta', text }) +
        spaced +
        delta(0, { type: 'text_delta', text: big }) +
        delta(0, { type: 'text_delta', partial_json: 'mismatched key' }) +
        delta(0, { type: 'text_delta', text: 'x', extra: true }),
    );
    expect(parts).toEqual([
      { type: 'text-delta', text },
      { type: 'text-delta', text: 'sp' },
      { type: 'text-delta', text: big },
      { type: 'text-delta', text: 'x' },
    ]);
  });

  it('rejects raw control characters and bad escapes inside delta strings', () => {
    for (const literal of ['"a\tb"', '"bad \\q escape"']) {
      const data = `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${literal}}}`;
      const decoder = new AnthropicStreamDecoder();
      decoder.push(START + blockStart(0, { type: 'text', text: '' }));
      const error = thrown(() => decoder.push(sse('content_block_delta', data)));
      expect(error.code).toBe('malformed_stream');
    }
  });
});
