import { SystemClock } from '@apikeyrouter/core';
import { type GeminiFakeProvider, routerErrorOf, startGeminiFakeServer } from '@apikeyrouter/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeminiAdapter } from './gemini-adapter.js';

const KEY = 'AIza-CANARY-embed-0005';
let fake: GeminiFakeProvider;
let adapter: GeminiAdapter;

beforeAll(async () => {
  fake = await startGeminiFakeServer({ keys: { [KEY]: { label: 'main', rpm: 2 } }, embeddingDimensions: 4 });
  adapter = new GeminiAdapter({ baseURL: fake.url });
});
afterAll(() => fake.close());

const embedCall = (input: string[], model = 'gemini-embedding-001') => ({
  model,
  input,
  apiKey: KEY,
  signal: new AbortController().signal,
  requestId: 'r',
  clock: new SystemClock(),
});

describe('GeminiAdapter.embed', () => {
  it('embeds every input through batchEmbedContents', async () => {
    const response = await adapter.embed(embedCall(['hello', 'world', 'hello']));
    expect(response.embeddings).toHaveLength(3);
    expect(response.embeddings[0]).toHaveLength(4);
    expect(response.embeddings[0]).toEqual(response.embeddings[2]);
    expect(response.embeddings[0]).not.toEqual(response.embeddings[1]);
    expect(response).toMatchObject({
      model: 'gemini-embedding-001',
      usage: { inputTokens: 6 },
      rateLimits: { dimensions: [] },
    });
    expect(fake.requests().at(-1)).toMatchObject({
      path: '/v1beta/models/gemini-embedding-001:batchEmbedContents',
      keySource: 'header',
      body: {
        requests: [
          { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hello' }] } },
          { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'world' }] } },
          { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hello' }] } },
        ],
      },
    });
  });

  it('reports a chat model as not_found and a spent rpm as rate_limit', async () => {
    expect(await routerErrorOf(adapter.embed(embedCall(['x'], 'gemini-2.0-flash')))).toMatchObject({
      category: 'not_found',
      status: 404,
    });
    await adapter.embed(embedCall(['x']));
    expect(await routerErrorOf(adapter.embed(embedCall(['x'])))).toMatchObject({
      category: 'rate_limit',
      rateLimits: { dimensions: [{ dimension: 'requests_per_minute', limit: 2 }] },
    });
  });
});
