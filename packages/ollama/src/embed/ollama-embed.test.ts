import { RouterError } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { fromOllamaEmbedResponse, toOllamaEmbedRequest } from './ollama-embed.js';

describe('ollama embed mapping', () => {
  it('builds the /api/embed body', () => {
    expect(toOllamaEmbedRequest('nomic-embed-text', ['a'])).toEqual({
      model: 'nomic-embed-text',
      input: ['a'],
    });
    expect(toOllamaEmbedRequest('m', ['a', 'b'], -1)).toEqual({
      model: 'm',
      input: ['a', 'b'],
      keep_alive: -1,
    });
  });

  it('normalises the response', () => {
    const body = {
      model: 'nomic-embed-text',
      embeddings: [[0.1], [0.2]],
      prompt_eval_count: 4,
      total_duration: 9,
    };
    expect(fromOllamaEmbedResponse(body, 2, 'x')).toEqual({
      embeddings: [[0.1], [0.2]],
      usage: { inputTokens: 4 },
      model: 'nomic-embed-text',
      raw: body,
    });
    expect(fromOllamaEmbedResponse({ embeddings: [[1]] }, 1, 'x')).toMatchObject({
      model: 'x',
      usage: { inputTokens: 0 },
    });
  });

  it.each([
    ['missing embeddings', {}],
    ['wrong count', { embeddings: [[1]] }],
    ['non-numeric vector', { embeddings: [['a'], [1]] }],
    ['null body', null],
  ])('rejects %s as malformed', (_name, body) => {
    let caught: unknown;
    try {
      fromOllamaEmbedResponse(body, 2, 'x');
    } catch (error) {
      caught = error;
    }
    expect(RouterError.isInstance(caught) && caught.code).toBe('malformed_response');
  });
});
