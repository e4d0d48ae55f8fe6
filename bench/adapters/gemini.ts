import type { RequestIntent } from '@apikeyrouter/core';
import { fromGeminiResponse, GeminiAdapter, GeminiStreamParser, toGeminiRequest } from '@apikeyrouter/gemini';
import type { AdapterBenchResult } from './adapter-bench-result.js';

const MODEL = 'gemini-2.5-flash';

// A typical tool-using chat turn: system prompt, a short history, one tool, sampling parameters.
const INTENT: RequestIntent = {
  model: MODEL,
  messages: [
    { role: 'system', content: 'You are a concise travel assistant. Answer in two sentences at most.' },
    { role: 'user', content: 'What is the weather like in Lisbon in May, and should I pack a jacket?' },
    {
      role: 'assistant',
      content: 'Let me check the forecast.',
      toolCalls: [{ id: 'call_0_x', name: 'get_weather', arguments: '{"city":"Lisbon","month":5}' }],
    },
    { role: 'tool', toolCallId: 'call_0_x', content: '{"avgHighC":22,"avgLowC":14,"rainDays":6}' },
    { role: 'user', content: 'Thanks. And evenings?' },
  ],
  tools: [
    {
      name: 'get_weather',
      description: 'Climate averages for a city and month',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' }, month: { type: 'integer', minimum: 1, maximum: 12 } },
        required: ['city', 'month'],
        additionalProperties: false,
      },
    },
  ],
  parameters: { temperature: 0.3, maxTokens: 256, topP: 0.95 },
};

const RESPONSE_TEXT = JSON.stringify({
  candidates: [
    {
      content: {
        role: 'model',
        parts: [
          {
            text: 'Evenings in Lisbon in May are mild, around 14-16 °C, so a light jacket or sweater is a good idea, especially near the river.',
          },
        ],
      },
      finishReason: 'STOP',
      index: 0,
      avgLogprobs: -0.21,
    },
  ],
  usageMetadata: {
    promptTokenCount: 142,
    candidatesTokenCount: 31,
    totalTokenCount: 221,
    thoughtsTokenCount: 48,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: 142 }],
  },
  modelVersion: MODEL,
  responseId: 'mGJ2aJXKIe2Yz7IP9YGd4Ag',
});

function meanMicros(iterations: number, body: () => void): number {
  // A long warm-up lets V8 reach its optimising tier; shorter ones measured the interpreter instead.
  for (let i = 0; i < iterations / 2; i++) body();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) body();
  return ((performance.now() - start) * 1000) / iterations;
}

function sseBody(targetBytes: number): Uint8Array {
  const words = 'the quick brown fox jumps over the lazy dog while streaming tokens '.split(' ');
  const events: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    // Gemini batches tokens: a typical chunk carries a sentence or two (~30 tokens), not a single word.
    const text =
      `${words[i % words.length]} ${words[(i * 7) % words.length]} ${words[(i * 3) % words.length]} `.repeat(
        8,
      );
    const event = `data: ${JSON.stringify({
      candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0 }],
      usageMetadata: { promptTokenCount: 142, totalTokenCount: 142 + i },
      modelVersion: MODEL,
      responseId: 'mGJ2aJXKIe2Yz7IP9YGd4Ag',
    })}\r\n\r\n`;
    events.push(event);
    size += event.length;
  }
  events.push(
    `data: ${JSON.stringify({
      candidates: [{ content: { parts: [{ text: '.' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 142, candidatesTokenCount: 900, totalTokenCount: 1042 },
      modelVersion: MODEL,
    })}\r\n\r\n`,
  );
  return new TextEncoder().encode(events.join(''));
}

function streamMBps(body: Uint8Array, runs: number): number {
  const piece = 16 * 1024;
  const parseOnce = () => {
    const parser = new GeminiStreamParser();
    let parts = 0;
    for (let at = 0; at < body.length; at += piece)
      parts += parser.push(body.subarray(at, at + piece)).length;
    parts += parser.end().length;
    if (parts === 0) throw new Error('stream produced no parts');
  };
  parseOnce();
  parseOnce();
  const start = performance.now();
  for (let i = 0; i < runs; i++) parseOnce();
  const seconds = (performance.now() - start) / 1000;
  return (body.length * runs) / 1_000_000 / seconds;
}

/**
 * Micro-benchmark of the Gemini adapter's pure paths: intent → request body, response JSON → AdapterResponse,
 * their sum with rate-limit parsing (the per-call overhead), and SSE stream parsing throughput.
 *
 * @example
 * console.log(await runAdapterBench()); // { flavor: 'gemini', serializeUsPerCall: 4.1, … }
 */
export async function runAdapterBench(): Promise<AdapterBenchResult> {
  const adapter = new GeminiAdapter();
  const headers = new Headers({ 'content-type': 'application/json', 'x-goog-request-id': 'abc' });
  const iterations = 50_000;
  let sink = 0;
  const serializeUsPerCall = meanMicros(iterations, () => {
    sink += JSON.stringify(toGeminiRequest(INTENT, MODEL)).length;
  });
  const parseUsPerCall = meanMicros(iterations, () => {
    sink += fromGeminiResponse(JSON.parse(RESPONSE_TEXT), MODEL).usage.totalTokens;
  });
  const overheadUsPerCall = meanMicros(iterations, () => {
    sink += JSON.stringify(toGeminiRequest(INTENT, MODEL)).length;
    const response = fromGeminiResponse(JSON.parse(RESPONSE_TEXT), MODEL);
    response.rateLimits = adapter.parseRateLimits(headers, 0);
    sink += response.usage.totalTokens;
  });
  const body = sseBody(4_000_000);
  const mbps = streamMBps(body, 5);
  if (sink < 0) throw new Error('unreachable');
  return {
    flavor: 'gemini',
    serializeUsPerCall: Number(serializeUsPerCall.toFixed(2)),
    parseUsPerCall: Number(parseUsPerCall.toFixed(2)),
    overheadUsPerCall: Number(overheadUsPerCall.toFixed(2)),
    streamMBps: Number(mbps.toFixed(1)),
    streamBytes: body.length,
  };
}
