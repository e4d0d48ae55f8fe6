import type { FakeAdapter } from '@apikeyrouter/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmbedCall, ProviderAdapter } from '../index.js';
import { telemetryFixture } from './telemetry.test-helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

function embeddingAdapter(inner: FakeAdapter): ProviderAdapter {
  return {
    specificationVersion: 'v1',
    id: 'emb',
    capabilities: { ...inner.capabilities, embeddings: true, models: ['embed-*'] },
    parseRateLimits: (headers: Headers, now: number) => inner.parseRateLimits(headers, now),
    classifyError: inner.classifyError.bind(inner),
    execute: inner.execute.bind(inner),
    stream: inner.stream.bind(inner),
    async embed(call: EmbedCall) {
      return {
        embeddings: call.input.map((text) => [text.length]),
        usage: { inputTokens: call.input.length * 3 },
        model: `${call.model}-v2`,
        raw: {},
      };
    },
  };
}

describe('embedding spans', () => {
  it('names the span `embeddings <model>` and records input tokens only', async () => {
    const f = await telemetryFixture({ 'sk-a-0000001': { label: 'a' } });
    cleanup = f.shutdown;
    await f.router.registerProvider('emb', embeddingAdapter(f.adapter));
    await f.router.registerKey('sk-emb-000001', 'emb', { label: 'e' });
    const res = await f.router.embed({ model: 'embed-small', input: ['a', 'bb'] });
    const request = f.finishedSpans().find((s) => s.parentSpanContext === undefined);
    expect(request?.name).toBe('embeddings embed-small');
    expect(request?.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'emb',
      'gen_ai.request.model': 'embed-small',
      'gen_ai.response.model': 'embed-small-v2',
      'gen_ai.usage.input_tokens': res.usage.inputTokens,
    });
    expect(request?.attributes['gen_ai.usage.output_tokens']).toBeUndefined();
    expect(request?.attributes['gen_ai.response.finish_reasons']).toBeUndefined();
    const tokens = (await f.collect()).get('gen_ai.client.token.usage');
    expect(tokens?.map((p) => p.attributes['gen_ai.token.type'])).toEqual(['input']);
  });
});
