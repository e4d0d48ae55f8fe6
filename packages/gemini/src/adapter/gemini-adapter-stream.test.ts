import { VirtualClock } from '@apikeyrouter/core';
import type { AdapterStreamPart } from '@apikeyrouter/provider';
import { type GeminiFakeProvider, routerErrorOf, startGeminiFakeServer } from '@apikeyrouter/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, makeCall, say, until } from './adapter-call.test-helpers.js';
import { GeminiAdapter } from './gemini-adapter.js';

const KEY = 'AIza-CANARY-stream-0002';
let fake: GeminiFakeProvider;
let adapter: GeminiAdapter;

beforeAll(async () => {
  fake = await startGeminiFakeServer({ keys: { [KEY]: { label: 'main' } } });
  adapter = new GeminiAdapter({ baseURL: fake.url });
});
afterAll(() => fake.close());

const text = (parts: AdapterStreamPart[]) =>
  parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');

describe('GeminiAdapter.stream', () => {
  it('streams text deltas that add up to the non-streamed answer, then finish with usage', async () => {
    const prompt = 'stream me a reasonably long answer please';
    const stream = await adapter.stream(makeCall(say(prompt), { apiKey: KEY }));
    expect(stream.rateLimits).toEqual({ dimensions: [] });
    const parts = await collect(stream.parts);
    const whole = await adapter.execute(makeCall(say(prompt), { apiKey: KEY }));
    expect(parts.filter((p) => p.type === 'text-delta').length).toBeGreaterThan(3);
    expect(text(parts)).toBe(whole.message.content);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'stop',
      usage: whole.usage,
      model: 'gemini-2.0-flash',
    });
    expect(fake.requests().at(-2)).toMatchObject({
      path: '/v1beta/models/gemini-2.0-flash:streamGenerateContent',
      query: { alt: 'sse' },
      keySource: 'header',
    });
  });

  it('streams a function call as one tool-call delta with the same id as execute', async () => {
    const intent = {
      ...say('get_weather please'),
      tools: [
        { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      ],
    };
    const parts = await collect((await adapter.stream(makeCall(intent, { apiKey: KEY }))).parts);
    const whole = await adapter.execute(makeCall(intent, { apiKey: KEY }));
    const call = whole.message.toolCalls?.[0];
    expect(parts).toEqual([
      {
        type: 'tool-call-delta',
        index: 0,
        id: call?.id,
        name: 'get_weather',
        argumentsDelta: call?.arguments,
      },
      expect.objectContaining({ type: 'finish', finishReason: 'tool_calls' }),
    ]);
  });

  it('rejects before the first chunk when Gemini answers with an HTTP error', async () => {
    fake.faults.add({ kind: 'overloaded', stream: true });
    const error = await routerErrorOf(adapter.stream(makeCall(say('x'), { apiKey: KEY })));
    expect(error).toMatchObject({
      category: 'provider',
      status: 503,
      code: 'overloaded',
      upstreamCode: 'UNAVAILABLE',
    });
  });

  const midStream: Array<
    [string, 'error_after_200' | 'stream_cut' | 'malformed_json', Record<string, unknown>]
  > = [
    [
      'an error event after 200',
      'error_after_200',
      {
        category: 'provider',
        status: undefined,
        code: 'overloaded',
        upstreamCode: 'UNAVAILABLE',
        keyEffect: 'failure',
      },
    ],
    ['a stream cut without its final chunk', 'stream_cut', { category: 'network', code: 'stream_truncated' }],
    ['a malformed event', 'malformed_json', { category: 'provider', code: 'malformed_stream' }],
  ];
  it.each(midStream)('throws %s from the iterator after the first parts', async (_name, kind, expected) => {
    fake.faults.add({ kind, stream: true });
    const stream = await adapter.stream(
      makeCall(say('a long enough answer to need several chunks'), { apiKey: KEY }),
    );
    const seen: AdapterStreamPart[] = [];
    const error = await routerErrorOf(
      (async () => {
        for await (const part of stream.parts) seen.push(part);
      })(),
    );
    expect(error).toMatchObject(expected);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.type === 'text-delta')).toBe(true);
  });

  it('ends a safety-stopped stream with content_filter', async () => {
    fake.faults.add({ kind: 'content_filter', stream: true });
    const parts = await collect((await adapter.stream(makeCall(say('something'), { apiKey: KEY }))).parts);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'content_filter' });
  });
});

describe('GeminiAdapter.stream on a paced stream', () => {
  const long = say('x'.repeat(400));
  async function paced() {
    const clock = new VirtualClock();
    const server = await startGeminiFakeServer({ keys: { [KEY]: {} }, clock, streamChunkDelayMs: 1000 });
    return { clock, server, adapter: new GeminiAdapter({ baseURL: server.url, timeoutMs: 5_000 }) };
  }

  it('cancels the HTTP body when the caller stops reading early', async () => {
    const { clock, server, adapter: paced1 } = await paced();
    try {
      const stream = await paced1.stream(makeCall(long, { apiKey: KEY, clock }));
      for await (const part of stream.parts) {
        expect(part.type).toBe('text-delta');
        break;
      }
      await until(() => {
        void clock.advance(1000);
        return server.cancelledStreams() === 1;
      });
      expect(server.stats()['key-0']).toMatchObject({ requests: 1, successes: 0, errors: 1 });
    } finally {
      await server.close();
    }
  });

  it('throws aborted when the caller aborts mid-stream', async () => {
    const { clock, server, adapter: paced2 } = await paced();
    try {
      const controller = new AbortController();
      const stream = await paced2.stream(makeCall(long, { apiKey: KEY, clock, signal: controller.signal }));
      const iterator = stream.parts[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toMatchObject({ type: 'text-delta' });
      controller.abort();
      expect(await routerErrorOf(iterator.next())).toMatchObject({ category: 'aborted', retryable: false });
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
    } finally {
      await server.close();
    }
  });

  it('throws timeout when the stream outlives timeoutMs on the call clock', async () => {
    const { clock, server, adapter: paced3 } = await paced();
    try {
      const stream = await paced3.stream(makeCall(long, { apiKey: KEY, clock }));
      const iterator = stream.parts[Symbol.asyncIterator]();
      await iterator.next();
      const pending = routerErrorOf(
        (async () => {
          while (!(await iterator.next()).done);
        })(),
      );
      await clock.advance(5_000);
      expect(await pending).toMatchObject({ category: 'timeout', keyEffect: 'failure' });
    } finally {
      await server.close();
    }
  });
});
