import {
  fromOpenAIResponse,
  OpenAIStreamDecoder,
  parseOpenAIRateLimits,
  toOpenAIRequest,
} from '@apikeyrouter/openai';
import type { AdapterBenchResult } from './adapter-bench-result.js';
import { typicalIntent } from './typical-intent.js';

const INTENT = typicalIntent('gpt-4o-mini');

const RESPONSE_TEXT = JSON.stringify({
  id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
  object: 'chat.completion',
  created: 1741569952,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content:
          'Macbeth, spurred by prophecy and his wife’s ambition, murders King Duncan and seizes the throne. Guilt and paranoia drive him to further killings. He is finally defeated and slain by Macduff.',
        refusal: null,
        annotations: [],
      },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: {
    prompt_tokens: 92,
    completion_tokens: 41,
    total_tokens: 133,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_06737a9306',
});

const HEADERS = new Headers({
  'x-request-id': 'req_abc123',
  'x-ratelimit-limit-requests': '10000',
  'x-ratelimit-remaining-requests': '9999',
  'x-ratelimit-reset-requests': '6ms',
  'x-ratelimit-limit-tokens': '10000000',
  'x-ratelimit-remaining-tokens': '9999870',
  'x-ratelimit-reset-tokens': '0s',
});

/**
 * Mean µs per call of `fn` after a warm-up: the best of five batch means, so other processes on a shared
 * machine inflate the figure less.
 */
function meanMicros(fn: () => unknown, iterations: number): number {
  for (let i = 0; i < Math.min(iterations, 5000); i++) fn();
  const batch = Math.ceil(iterations / 5);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) fn();
    best = Math.min(best, ((performance.now() - start) * 1000) / batch);
  }
  return best;
}

/** An SSE body of about `targetBytes` as OpenAI streams it, cut into 64 KiB network-sized pieces. */
function buildStream(targetBytes: number): { chunks: Uint8Array[]; bytes: number } {
  const piece = (content: string) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1741569952, model: 'gpt-4o-mini-2024-07-18', system_fingerprint: 'fp_06737a9306', choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }], usage: null })}\n\n`;
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const event = piece(` token${i % 97}`);
    parts.push(event);
    size += event.length;
  }
  parts.push(
    `data: ${JSON.stringify({ id: 'chatcmpl-1', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: null })}\n\n`,
    `data: ${JSON.stringify({ id: 'chatcmpl-1', choices: [], usage: { prompt_tokens: 9, completion_tokens: parts.length, total_tokens: parts.length + 9 } })}\n\n`,
    'data: [DONE]\n\n',
  );
  const all = new TextEncoder().encode(parts.join(''));
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += 65_536) chunks.push(all.subarray(i, i + 65_536));
  return { chunks, bytes: all.length };
}

function parseStream(chunks: readonly Uint8Array[]): number {
  const decoder = new OpenAIStreamDecoder();
  let parts = 0;
  for (const chunk of chunks) parts += decoder.feedBytes(chunk).length;
  return parts + decoder.end().length;
}

/**
 * Micro-benchmark of the OpenAI adapter's pure paths: request serialisation, response parsing, rate-limit
 * header parsing and SSE stream decoding (the same decoder `stream()` uses).
 *
 * @example
 * console.log(await runAdapterBench());
 */
export async function runAdapterBench(): Promise<AdapterBenchResult> {
  const serializeUsPerCall = meanMicros(() => JSON.stringify(toOpenAIRequest(INTENT, 'gpt-4o-mini')), 50_000);
  const parseUsPerCall = meanMicros(
    () => fromOpenAIResponse(JSON.parse(RESPONSE_TEXT), { model: 'gpt-4o-mini' }),
    50_000,
  );
  const overheadUsPerCall = meanMicros(() => {
    JSON.stringify(toOpenAIRequest(INTENT, 'gpt-4o-mini'));
    const res = fromOpenAIResponse(JSON.parse(RESPONSE_TEXT), { model: 'gpt-4o-mini' });
    res.rateLimits = parseOpenAIRateLimits(HEADERS, 1_767_225_600_000);
    return res;
  }, 50_000);
  const { chunks, bytes } = buildStream(4 * 1024 * 1024);
  parseStream(chunks);
  let bestSeconds = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 10; round++) {
    const start = performance.now();
    parseStream(chunks);
    bestSeconds = Math.min(bestSeconds, (performance.now() - start) / 1000);
  }
  return {
    flavor: 'openai',
    serializeUsPerCall,
    parseUsPerCall,
    overheadUsPerCall,
    streamMBps: bytes / (1024 * 1024) / bestSeconds,
    streamBytes: bytes,
  };
}
