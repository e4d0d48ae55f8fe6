import { describe, expect, it } from 'vitest';
import { fromOpenAIModels } from '../models/from-openai-models.js';
import { fromOpenAIEmbeddings } from './from-openai-embeddings.js';

const ctx = { providerId: 'openai', model: 'text-embedding-3-small', expected: 2 };

describe('fromOpenAIEmbeddings', () => {
  it('orders vectors by index and reads usage and model', () => {
    const body = {
      data: [
        { index: 1, embedding: [0.3, 0.4] },
        { index: 0, embedding: [0.1, 0.2] },
      ],
      model: 'text-embedding-3-small-v2',
      usage: { prompt_tokens: 7 },
    };
    expect(fromOpenAIEmbeddings(body, ctx)).toEqual({
      embeddings: [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
      inputTokens: 7,
      model: 'text-embedding-3-small-v2',
    });
  });

  it('decodes base64 float32 vectors', () => {
    const bytes = Buffer.alloc(8);
    bytes.writeFloatLE(0.5, 0);
    bytes.writeFloatLE(-2, 4);
    const body = { data: [{ embedding: bytes.toString('base64') }] };
    expect(fromOpenAIEmbeddings(body, { ...ctx, expected: 1 })).toEqual({
      embeddings: [[0.5, -2]],
      inputTokens: 0,
      model: 'text-embedding-3-small',
    });
  });

  it.each([
    [{ data: [{ embedding: [1] }] }],
    [{ data: [{ embedding: [1] }, { embedding: 'x'.repeat(3) }, { embedding: [2] }] }],
    [{ data: [{ embedding: [1] }, { embedding: { not: 'a vector' } }] }],
    [null],
  ])('rejects %j', (body) => {
    expect(() => fromOpenAIEmbeddings(body, ctx)).toThrow(expect.objectContaining({ category: 'provider' }));
  });
});

describe('fromOpenAIModels', () => {
  it('reads ids, owners and creation instants; skips junk', () => {
    expect(
      fromOpenAIModels({
        object: 'list',
        data: [{ id: 'gpt-4o', owned_by: 'system', created: 2 }, { id: 5 }, null, { id: 'local' }],
      }),
    ).toEqual([{ id: 'gpt-4o', ownedBy: 'system', created: 2000 }, { id: 'local' }]);
    expect(fromOpenAIModels({ data: 'x' })).toEqual([]);
    expect(fromOpenAIModels(undefined)).toEqual([]);
  });
});
