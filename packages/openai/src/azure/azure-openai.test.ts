import { SystemClock } from '@apikeyrouter/core';
import { type OpenAIFakeProvider, routerErrorOf, startOpenAIFakeServer } from '@apikeyrouter/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, collect, KEY, makeCall } from '../adapter/openai-adapter.test-helpers.js';
import { AZURE_DEFAULT_API_VERSION, azureOpenAI } from './azure-openai.js';

let fake: OpenAIFakeProvider;

beforeAll(async () => {
  fake = await startOpenAIFakeServer({ keys: { [KEY]: { rpm: 2, tpm: 100_000 } }, flavor: 'azure' });
});
afterAll(() => fake.close());

describe('azureOpenAI', () => {
  it('needs a resource or a baseURL', () => {
    expect(() => azureOpenAI({})).toThrow(expect.objectContaining({ category: 'configuration' }));
    expect(azureOpenAI({ resource: 'acme' }).baseURL).toBe('https://acme.openai.azure.com/openai');
    expect(azureOpenAI({ resource: 'acme', deployments: { 'gpt-4o': 'prod' } }).capabilities.models).toEqual([
      'gpt-4o',
    ]);
  });

  it('puts the deployment in the path, the api-version in the query and the key in api-key', async () => {
    const adapter = azureOpenAI({ baseURL: fake.url, deployments: { 'gpt-4o': 'prod-4o' } });
    const res = await adapter.execute(makeCall({ model: 'gpt-4o', parameters: { maxTokens: 30 } }));
    expect(res.message.content).toBe('echo: hello there');
    const seen = fake.received().at(-1);
    expect(seen?.path).toBe('/openai/deployments/prod-4o/chat/completions');
    expect(seen?.query).toEqual({ 'api-version': AZURE_DEFAULT_API_VERSION });
    expect(seen?.headers.authorization).toBeUndefined();
    expect(seen?.body).toMatchObject({ max_tokens: 30 });
    expect(res.rateLimits?.dimensions[0]).toMatchObject({
      dimension: 'requests_per_minute',
      limit: 2,
      remaining: 1,
    });
    expect(res.rateLimits?.dimensions[0]?.resetAt).toBeGreaterThan(0);
  });

  it('streams, embeds and lists models through deployments', async () => {
    const adapter = azureOpenAI({
      baseURL: fake.url,
      deployment: 'shared',
      apiVersion: '2025-01-01-preview',
    });
    fake.faults.clear();
    const embed = await adapter.embed({
      model: 'text-embedding-3-small',
      input: ['a'],
      apiKey: KEY,
      signal: new AbortController().signal,
      requestId: 'r',
      clock: new SystemClock(),
    });
    expect(embed.embeddings).toHaveLength(1);
    expect(fake.received().at(-1)?.path).toBe('/openai/deployments/shared/embeddings');
    const models = await adapter.listModels({ apiKey: KEY });
    expect(models.length).toBeGreaterThan(0);
    expect(fake.received().at(-1)?.query['api-version']).toBe('2025-01-01-preview');
    const error = await routerErrorOf(async () => collect((await adapter.stream(makeCall({}))).parts));
    expect(error).toMatchObject({
      category: 'rate_limit',
      status: 429,
      code: 'rate_limit_exceeded',
      upstreamCode: '429',
      keyEffect: 'throttle',
    });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.rateLimits?.dimensions[0]).toMatchObject({ remaining: 0 });
  });

  it("classifies Azure's 401 body and leaks no key", async () => {
    const adapter = azureOpenAI({ baseURL: fake.url });
    const error = await routerErrorOf(() => adapter.execute(makeCall({}, { apiKey: CANARY })));
    expect(error).toMatchObject({
      category: 'authentication',
      status: 401,
      code: 'invalid_api_key',
      upstreamCode: '401',
    });
    expect(JSON.stringify(error) + error.message).not.toContain(CANARY);
  });
});
