import { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { ApiKeyRouter, type EmbedCall, type ProviderAdapter, RouterError, VirtualClock } from '../index.js';

/** An embeddings provider on top of the fake: vectors of [length, index], one failure on request. */
function embeddingAdapter(clock: VirtualClock, failFirst: boolean): ProviderAdapter & { calls: number } {
  const inner = new FakeAdapter({ id: 'emb', clock, keys: { 'sk-emb-000001': {}, 'sk-emb-000002': {} } });
  const adapter = {
    specificationVersion: 'v1' as const,
    id: 'emb',
    calls: 0,
    capabilities: {
      ...inner.capabilities,
      embeddings: true,
      models: ['embed-*', 'chat-*'],
      perModel: { 'chat-*': { embeddings: false } },
    },
    parseRateLimits: (h: Headers, now: number) => inner.parseRateLimits(h, now),
    classifyError: inner.classifyError.bind(inner),
    execute: inner.execute.bind(inner),
    stream: inner.stream.bind(inner),
    async embed(call: EmbedCall) {
      adapter.calls++;
      if (failFirst && adapter.calls === 1)
        throw new RouterError('provider', 'The server had an error.', { status: 500 });
      return {
        embeddings: call.input.map((text, i) => [text.length, i]),
        usage: { inputTokens: call.input.reduce((n, text) => n + Math.ceil(text.length / 4), 0) },
        model: call.model,
        raw: {},
      };
    },
  };
  return adapter;
}

async function setup(failFirst = false) {
  const clock = new VirtualClock({ autoAdvance: true });
  const router = new ApiKeyRouter({ clock });
  const adapter = embeddingAdapter(clock, failFirst);
  await router.registerProvider('emb', adapter);
  await router.registerKey('sk-emb-000001', 'emb', { label: 'one' });
  await router.registerKey('sk-emb-000002', 'emb', { label: 'two' });
  router.costController.setModelPrice('embed-small', { inputPerMillion: '0.02', outputPerMillion: '0' });
  return { router, adapter };
}

describe('router.embed()', () => {
  it('embeds a batch through an eligible key, with usage, exact cost and an explanation', async () => {
    const { router } = await setup();
    const res = await router.embed({ model: 'embed-small', input: ['hello', 'world!'] }, 'cost');
    expect(res.embeddings).toEqual([
      [5, 0],
      [6, 1],
    ]);
    expect(res.usage.inputTokens).toBe(4);
    expect(res.cost.amount.toString()).toBe('8e-8');
    expect(res.explanation.chosenKeyId).toBe(res.keyUsed);
    expect(res.attempts).toBe(1);
  });

  it('fails over to the next key when a provider call fails', async () => {
    const { router, adapter } = await setup(true);
    const res = await router.embed({ model: 'embed-small', input: 'hello' }, 'cost');
    expect(adapter.calls).toBe(2);
    expect(res.attempts).toBe(2);
    expect(res.explanation.attempts[0]).toMatchObject({ outcome: 'error', category: 'provider' });
  });

  it('excludes models without embeddings, with the capability reason', async () => {
    const { router } = await setup();
    const error = (await router
      .embed({ model: 'chat-model', input: 'x' }, 'cost')
      .catch((e: unknown) => e)) as RouterError;
    expect(error.category).toBe('no_eligible_keys');
    expect(error.explanation?.candidates[0]?.exclusion).toMatchObject({ code: 'capability' });
    expect(error.explanation?.candidates[0]?.exclusion?.detail).toContain('embeddings');
  });

  it.each([
    [{}],
    [{ model: 'embed-small' }],
    [{ model: 'embed-small', input: [] }],
    [{ model: 'embed-small', input: [3] }],
    [null],
  ])('rejects malformed input %j with a validation error', async (bad) => {
    const { router, adapter } = await setup();
    await expect(router.embed(bad, 'cost')).rejects.toMatchObject({ category: 'validation' });
    expect(adapter.calls).toBe(0);
  });

  it('refuses under a hard budget it would exceed, before calling', async () => {
    const { router, adapter } = await setup();
    await router.costController.createBudget({
      scope: 'global',
      limit: '0.00000001',
      period: 'day',
      enforcementMode: 'hard',
    });
    await expect(
      router.embed({ model: 'embed-small', input: 'a longer text to embed here' }, 'cost'),
    ).rejects.toMatchObject({
      category: 'budget_exceeded',
    });
    expect(adapter.calls).toBe(0);
  });
});
