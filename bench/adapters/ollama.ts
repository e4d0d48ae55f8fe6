import { type RequestIntent, SystemClock } from '@apikeyrouter/core';
import {
  fromOllamaResponse,
  parseOllamaRateLimits,
  readOllamaStream,
  toOllamaRequest,
} from '../../packages/ollama/src/index.js';
import type { AdapterBenchResult } from './adapter-bench-result.js';

const INTENT: RequestIntent = {
  model: 'ollama/llama3.2',
  messages: [
    { role: 'system', content: 'You are a concise assistant. Answer in at most three sentences.' },
    { role: 'user', content: 'What is the weather like in Paris today, and should I bring an umbrella?' },
    {
      role: 'assistant',
      content: null,
      toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' }],
    },
    { role: 'tool', toolCallId: 'call_1', content: '{"temp":14,"rain_probability":0.7}' },
  ],
  tools: [
    {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
        required: ['city'],
      },
    },
  ],
  parameters: { temperature: 0.3, maxTokens: 256, topP: 0.9, seed: 42 },
};

const RESPONSE_TEXT = JSON.stringify({
  model: 'llama3.2',
  created_at: '2026-01-01T00:00:00.000000Z',
  message: {
    role: 'assistant',
    content:
      'It is 14°C in Paris with a 70% chance of rain, so yes, bring an umbrella. A light jacket would help too.',
  },
  done: true,
  done_reason: 'stop',
  total_duration: 5191566416,
  load_duration: 2154458,
  prompt_eval_count: 126,
  prompt_eval_duration: 383809000,
  eval_count: 31,
  eval_duration: 4799921000,
});

const HEADERS = new Headers({
  'content-type': 'application/json; charset=utf-8',
  date: new Date(0).toUTCString(),
});

function meanUs(iterations: number, fn: () => void): number {
  for (let i = 0; i < Math.min(2_000, iterations); i++) fn();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return ((performance.now() - start) * 1000) / iterations;
}

/** A few MB of NDJSON shaped like Ollama's: one short token per line, then the done line. */
function streamBody(targetBytes: number): Uint8Array {
  const tokens = [
    ' the',
    ' weather',
    ' in',
    ' Paris',
    ' is',
    ' mild',
    ',',
    ' bring',
    ' an',
    ' umbrella',
    '.',
  ];
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const line = `${JSON.stringify({
      model: 'llama3.2',
      created_at: '2026-01-01T00:00:00.000000Z',
      message: { role: 'assistant', content: tokens[i % tokens.length] },
      done: false,
    })}\n`;
    lines.push(line);
    size += line.length;
  }
  lines.push(
    `${JSON.stringify({ model: 'llama3.2', created_at: '2026-01-01T00:00:00Z', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 12, eval_count: lines.length })}\n`,
  );
  return new TextEncoder().encode(lines.join(''));
}

function bodyStream(bytes: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

async function parseStreamOnce(bytes: Uint8Array, clock: SystemClock): Promise<number> {
  let parts = 0;
  for await (const _part of readOllamaStream({
    body: bodyStream(bytes, 64 * 1024),
    providerId: 'ollama',
    requestedModel: 'llama3.2',
    now: () => clock.now(),
  })) {
    parts++;
  }
  return parts;
}

/**
 * Micro-benchmark of the Ollama adapter's pure paths: request serialisation, response parsing, per-call
 * overhead, and NDJSON stream parsing through the same reader the adapter uses.
 *
 * @example
 * console.log(await runAdapterBench()); // { flavor: 'ollama', serializeUsPerCall: 3.1, … }
 */
export async function runAdapterBench(): Promise<AdapterBenchResult> {
  const iterations = 50_000;
  let sink = 0;
  const serializeUsPerCall = meanUs(iterations, () => {
    sink += JSON.stringify(toOllamaRequest(INTENT, 'llama3.2')).length;
  });
  const parseUsPerCall = meanUs(iterations, () => {
    sink += fromOllamaResponse(JSON.parse(RESPONSE_TEXT), 'llama3.2').usage.totalTokens;
  });
  const overheadUsPerCall = meanUs(iterations, () => {
    sink += JSON.stringify(toOllamaRequest(INTENT, 'llama3.2')).length;
    sink += fromOllamaResponse(JSON.parse(RESPONSE_TEXT), 'llama3.2').usage.totalTokens;
    sink += parseOllamaRateLimits(HEADERS, 0).dimensions.length;
  });

  const clock = new SystemClock();
  const bytes = streamBody(4 * 1024 * 1024);
  await parseStreamOnce(bytes, clock);
  const runs = 5;
  const start = performance.now();
  for (let i = 0; i < runs; i++) sink += await parseStreamOnce(bytes, clock);
  const seconds = (performance.now() - start) / 1000;
  const streamMBps = (bytes.length * runs) / (1024 * 1024) / seconds;
  if (sink < 0) console.log(sink);

  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    flavor: 'ollama',
    serializeUsPerCall: round(serializeUsPerCall),
    parseUsPerCall: round(parseUsPerCall),
    overheadUsPerCall: round(overheadUsPerCall),
    streamMBps: round(streamMBps),
    streamBytes: bytes.length,
  };
}
