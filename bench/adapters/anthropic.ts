import {
  AnthropicStreamDecoder,
  fromAnthropicResponse,
  parseAnthropicRateLimits,
  toAnthropicRequest,
} from '@apikeyrouter/anthropic';
import type { AdapterBenchResult } from './adapter-bench-result.js';
import { typicalIntent } from './typical-intent.js';

const MODEL = 'claude-sonnet-5-5';

const INTENT = typicalIntent(MODEL);

const RESPONSE_TEXT = JSON.stringify({
  id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-5-5-20261001',
  content: [
    {
      type: 'text',
      text: 'Macbeth, spurred by prophecy and his wife’s ambition, murders King Duncan and seizes the throne. Guilt and paranoia drive him to further killings. He is finally defeated and slain by Macduff.',
    },
  ],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: {
    input_tokens: 92,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: 41,
    service_tier: 'standard',
  },
});

const HEADERS = new Headers({
  'request-id': 'req_011CSHoEeqs5C35K2UUqR7Fy',
  'anthropic-ratelimit-requests-limit': '4000',
  'anthropic-ratelimit-requests-remaining': '3999',
  'anthropic-ratelimit-requests-reset': '2026-11-22T02:00:01Z',
  'anthropic-ratelimit-tokens-limit': '2400000',
  'anthropic-ratelimit-tokens-remaining': '2399000',
  'anthropic-ratelimit-tokens-reset': '2026-11-22T02:00:01Z',
  'anthropic-ratelimit-input-tokens-limit': '2000000',
  'anthropic-ratelimit-input-tokens-remaining': '2000000',
  'anthropic-ratelimit-input-tokens-reset': '2026-11-22T02:00:01Z',
  'anthropic-ratelimit-output-tokens-limit': '400000',
  'anthropic-ratelimit-output-tokens-remaining': '399000',
  'anthropic-ratelimit-output-tokens-reset': '2026-11-22T02:00:01Z',
});

/** Mean µs per call of `fn` after a warm-up. */
function meanMicros(fn: () => unknown, iterations: number): number {
  for (let i = 0; i < Math.min(iterations, 5000); i++) fn();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return ((performance.now() - start) * 1000) / iterations;
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A realistic Anthropic stream of about `targetBytes`: one text block of word-sized deltas, one tool call. */
function streamBody(targetBytes: number): Uint8Array {
  const parts: string[] = [
    sse('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: MODEL,
        content: [],
        stop_reason: null,
        usage: { input_tokens: 92, cache_read_input_tokens: 0, output_tokens: 1 },
      },
    }),
    sse('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    }),
    sse('ping', { type: 'ping' }),
  ];
  const words = ['Macbeth, ', 'spurred by ', 'prophecy ', 'and ambition', ', murders ', 'King Duncan. '];
  let size = parts.join('').length;
  for (let i = 0; size < targetBytes; i++) {
    const event = sse('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: words[i % words.length] },
    });
    parts.push(event);
    size += event.length;
  }
  parts.push(
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('content_block_start', {
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'lookup_play', input: {} },
    }),
    sse('content_block_delta', {
      type: 'content_block_delta',
      index: 1,
      delta: { type: 'input_json_delta', partial_json: '{"title":"Macbeth"}' },
    }),
    sse('content_block_stop', { type: 'content_block_stop', index: 1 }),
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: 50_000 },
    }),
    sse('message_stop', { type: 'message_stop' }),
  );
  return new TextEncoder().encode(parts.join(''));
}

/** Feeds the body in 16 KiB network-sized chunks through TextDecoder and the adapter's decoder. */
function decodeStream(body: Uint8Array): number {
  const decoder = new AnthropicStreamDecoder();
  const text = new TextDecoder();
  let parts = 0;
  for (let offset = 0; offset < body.length; offset += 16_384) {
    parts += decoder.push(text.decode(body.subarray(offset, offset + 16_384), { stream: true })).length;
  }
  parts += decoder.push(text.decode()).length;
  decoder.end();
  return parts;
}

/**
 * Micro-benchmark of the Anthropic adapter's pure paths: request serialisation, response parsing,
 * rate-limit header parsing, and SSE stream decoding throughput (MB = 10^6 bytes).
 *
 * @example
 * console.log(await runAdapterBench());
 */
export async function runAdapterBench(): Promise<AdapterBenchResult> {
  const serialize = () => JSON.stringify(toAnthropicRequest(INTENT, MODEL));
  const parse = () => fromAnthropicResponse(JSON.parse(RESPONSE_TEXT));
  const now = Date.UTC(2026, 10, 22, 2);
  const serializeUsPerCall = meanMicros(serialize, 50_000);
  const parseUsPerCall = meanMicros(parse, 50_000);
  const overheadUsPerCall = meanMicros(() => {
    serialize();
    parse();
    parseAnthropicRateLimits(HEADERS, now);
  }, 50_000);
  const body = streamBody(4_000_000);
  for (let i = 0; i < 2; i++) decodeStream(body);
  const rounds = 5;
  const start = performance.now();
  for (let i = 0; i < rounds; i++) decodeStream(body);
  const seconds = (performance.now() - start) / 1000;
  return {
    flavor: 'anthropic',
    serializeUsPerCall,
    parseUsPerCall,
    overheadUsPerCall,
    streamMBps: (body.length * rounds) / 1e6 / seconds,
    streamBytes: body.length,
  };
}
