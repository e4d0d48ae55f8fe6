import { type OllamaFakeProvider, startOllamaFakeServer } from '@apikeyrouter/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { OllamaAdapter } from './ollama-adapter.js';
import { chatCall, collect, textOf } from './ollama-adapter.test-helpers.js';

let fake: OllamaFakeProvider | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: Parameters<typeof startOllamaFakeServer>[0] = {}) {
  fake = await startOllamaFakeServer(options);
  return { fake, adapter: new OllamaAdapter({ baseURL: fake.url }) };
}

describe('OllamaAdapter.stream', () => {
  it('streams text deltas and a finish with usage', async () => {
    const { fake, adapter } = await setup();
    const stream = await adapter.stream(
      chatCall({ messages: [{ role: 'user', content: 'stream me please' }] }),
    );
    expect(stream.rateLimits).toEqual({ dimensions: [] });
    const parts = await collect(stream.parts);
    expect(textOf(parts)).toBe('echo: stream me please');
    expect(parts.filter((p) => p.type === 'text-delta').length).toBeGreaterThan(1);
    expect(parts[parts.length - 1]).toEqual({
      type: 'finish',
      finishReason: 'stop',
      usage: { inputTokens: 4, outputTokens: 6, totalTokens: 10 },
      model: 'llama3.2',
    });
    expect(fake.received()[0]?.body).toMatchObject({ stream: true });
    expect(fake.received()[0]?.headers.accept).toBe('application/x-ndjson');
  });

  it('streams a tool call as one delta with JSON-text arguments', async () => {
    const { adapter } = await setup();
    const stream = await adapter.stream(
      chatCall({
        messages: [{ role: 'user', content: 'lookup x' }],
        tools: [{ name: 'lookup', parameters: {} }],
      }),
    );
    const parts = await collect(stream.parts);
    expect(parts).toEqual([
      {
        type: 'tool-call-delta',
        index: 0,
        id: expect.stringMatching(/^call_/),
        name: 'lookup',
        argumentsDelta: '{"query":"lookup x"}',
      },
      expect.objectContaining({ type: 'finish', finishReason: 'tool_calls' }),
    ]);
  });
});

describe('OllamaAdapter.embed', () => {
  it('embeds through /api/embed', async () => {
    const { fake, adapter } = await setup({ embeddingDimensions: 3 });
    const res = await adapter.embed({
      model: 'nomic-embed-text',
      input: ['a', 'bb'],
      apiKey: '',
      signal: new AbortController().signal,
      requestId: 'e1',
      clock: chatCall().clock,
    });
    expect(res.embeddings).toHaveLength(2);
    expect(res.embeddings[0]).toHaveLength(3);
    expect([res.usage, res.model, res.rateLimits]).toEqual([
      { inputTokens: 2 },
      'nomic-embed-text',
      { dimensions: [] },
    ]);
    expect(fake.received()[0]).toMatchObject({
      path: '/api/embed',
      body: { model: 'nomic-embed-text', input: ['a', 'bb'] },
    });
  });
});

describe('OllamaAdapter contract', () => {
  it('declares the provider id and capabilities', () => {
    const adapter = new OllamaAdapter({ baseURL: 'http://127.0.0.1:9' });
    expect(adapter.id).toBe('ollama');
    expect(adapter.capabilities.embeddings).toBe(true);
    expect(adapter.parseRateLimits(new Headers({ 'retry-after': '1' }), 0)).toEqual({
      dimensions: [],
      retryAfterMs: 1000,
    });
  });

  it('classifyError passes RouterErrors through and classifies the rest', () => {
    const adapter = new OllamaAdapter({ baseURL: 'http://127.0.0.1:9' });
    const context = { providerId: 'ollama', clock: chatCall().clock };
    const network = adapter.classifyError(
      new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }),
      context,
    );
    expect([network.category, network.code]).toEqual(['network', 'connection_refused']);
    expect(adapter.classifyError(network, context)).toBe(network);
    const timeout = adapter.classifyError(new DOMException('late', 'TimeoutError'), context);
    expect(timeout.category).toBe('timeout');
    const aborted = adapter.classifyError(new DOMException('stop', 'AbortError'), context);
    expect(aborted.category).toBe('aborted');
    const other = adapter.classifyError('weird', context);
    expect([other.category, other.code]).toEqual(['provider', 'unexpected']);
  });
});
