import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { leaked, useSimulated } from '../test-setup.test-helpers.js';
import { createApiKeyRouter } from './create-api-key-router.js';

const sim = useSimulated('file');

/** Wraps a model the way ai@7's v3 adapter does: a Proxy whose methods run with the proxy as `this`. */
function proxied<T extends object>(model: T): T {
  return new Proxy(model, { get: (target, prop) => Reflect.get(target, prop) });
}

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'via a proxy' }] }];

describe('models called through a Proxy (as ai@7 wraps v3 models)', () => {
  it('doEmbed, doGenerate and doStream work with the proxy as `this`', async () => {
    const akr = createApiKeyRouter({ router: sim().router });
    const embedding = proxied(akr.embeddingModel('text-embedding-3-small'));
    const embedded = await embedding.doEmbed({ values: ['alpha'] });
    expect(embedded.embeddings[0]).toHaveLength(8);

    const model = proxied(akr('gpt-4o-mini'));
    const generated = await model.doGenerate({ prompt });
    expect(generated.content).toEqual([{ type: 'text', text: 'echo: via a proxy' }]);

    const { stream } = await model.doStream({ prompt });
    const parts: LanguageModelV3StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(parts.at(-1)?.type).toBe('finish');
    expect(leaked([embedded, generated, parts])).toEqual([]);
  });
});
