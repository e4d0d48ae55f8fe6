import { ApiKeyRouter } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';
import { type FakeProvider, startFakeProvider } from '@apikeyrouter/testkit';
import { BadRequestError, NotFoundError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAI } from '../client/openai-client.js';

const CANARY = 'sk-embed-CANARY-55aa77bb';
let fake: FakeProvider;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeProvider({ flavor: 'openai', keys: { [CANARY]: { rpm: 1_000 } } });
  client = new OpenAI({ env: { OPENAI_API_KEY: CANARY, OPENAI_BASE_URL: `${fake.url}/v1` } });
});

afterAll(async () => {
  await fake.close();
});

describe('embeddings.create and models.list', () => {
  it('returns the SDK shape with floats, or base64 float32 when asked', async () => {
    const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two'] });
    expect(floats.object).toBe('list');
    expect(floats.model).toBe('openai/text-embedding-3-small');
    expect(floats.data.map((d) => d.index)).toEqual([0, 1]);
    expect(floats.usage.prompt_tokens).toBeGreaterThan(0);
    const b64 = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'two',
      encoding_format: 'base64',
    });
    const bytes = Buffer.from(b64.data[0]?.embedding as unknown as string, 'base64');
    const decoded = [...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)];
    expect(decoded).toEqual(floats.data[1]?.embedding);
    expect(JSON.stringify([floats, b64])).not.toContain(CANARY);
  });

  it('refuses token arrays and dimensions; an unknown model is NotFoundError', async () => {
    await expect(
      client.embeddings.create({ model: 'text-embedding-3-small', input: [[1, 2, 3]] }),
    ).rejects.toBeInstanceOf(BadRequestError);
    await expect(
      client.embeddings.create({ model: 'text-embedding-3-small', input: 'x', dimensions: 4 }),
    ).rejects.toBeInstanceOf(BadRequestError);
    await expect(client.embeddings.create({ model: 'no-such-embedder', input: 'x' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('lists routable models as provider/model, awaitable and iterable', async () => {
    const list = await client.models.list();
    expect(list.data.map((model) => model.id)).toContain('openai/gpt-4o-mini');
    expect(list.data.every((model) => model.id.startsWith('openai/') && model.owned_by === 'openai')).toBe(
      true,
    );
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(list.data.map((model) => model.id));
    const router = new ApiKeyRouter();
    await router.registerProvider('openai', new OpenAIAdapter({ baseURL: `${fake.url}/v1` }));
    await router.registerKey(CANARY, 'openai', { models: ['gpt-4o-mini'] });
    const given = new OpenAI({ router, models: { local: ['llama3.2'] } });
    expect((await given.models.list()).data.map((model) => model.id)).toEqual([
      'local/llama3.2',
      'openai/gpt-4o-mini',
    ]);
  });
});
