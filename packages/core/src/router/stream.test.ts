import { describe, expect, it } from 'vitest';
import { Decimal, RouterError, type RouteStreamChunk } from '../index.js';
import { createFixture, intent } from './router-fixture.test-helpers.js';

async function collect(
  stream: AsyncIterable<RouteStreamChunk>,
): Promise<{ chunks: RouteStreamChunk[]; error?: RouterError }> {
  const chunks: RouteStreamChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks };
  } catch (error) {
    return { chunks, error: error as RouterError };
  }
}

describe('routeStream()', () => {
  it('streams text and ends with a finish chunk carrying usage, cost and explanation', async () => {
    const { router, keys } = await createFixture({ openai: { keys: { 'sk-a-0000001': { label: 'a' } } } });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '1' });
    const { chunks, error } = await collect(router.routeStream(intent(), 'latency'));
    expect(error).toBeUndefined();
    const text = chunks
      .filter((c) => c.type === 'text-delta')
      .map((c) => (c.type === 'text-delta' ? c.text : ''))
      .join('');
    expect(text).toBe('echo: hello world');
    const finish = chunks.at(-1);
    expect(finish?.type).toBe('finish');
    if (finish?.type !== 'finish') throw new Error('no finish chunk');
    expect(finish.content).toBe(text);
    expect(finish.keyId).toBe(keys.a?.id);
    expect(finish.usage.outputTokens).toBeGreaterThan(0);
    expect(finish.cost.amount).toBeInstanceOf(Decimal);
    expect(finish.cost.amount.greaterThan(0)).toBe(true);
    expect(finish.explanation.chosenKeyId).toBe(keys.a?.id);
  });

  it('fails over to another key when the stream errors before the first chunk', async () => {
    const { router, adapters, keys } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'a' }, 'sk-b-0000001': { label: 'b' } } },
    });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '1' });
    router.costController.setModelPrice(
      'gpt-test',
      { inputPerMillion: '3', outputPerMillion: '3' },
      { keyId: keys.b?.id as string },
    );
    adapters.openai?.addFault({ kind: 'error_after_200', key: 'sk-a-0000001' });
    const { chunks, error } = await collect(router.routeStream(intent(), 'cost'));
    expect(error).toBeUndefined();
    const finish = chunks.at(-1);
    if (finish?.type !== 'finish') throw new Error('no finish chunk');
    expect(finish.keyId).toBe(keys.b?.id);
    expect(finish.attempts).toBe(2);
  });

  it('does not fail over after the first chunk: the stream ends with a typed error', async () => {
    const { router, adapters, keys } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'a' }, 'sk-b-0000001': { label: 'b' } } },
    });
    adapters.openai?.addFault({ kind: 'stream_cut' });
    const { chunks, error } = await collect(router.routeStream(intent(), 'cost'));
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.every((c) => c.type === 'text-delta')).toBe(true);
    expect(RouterError.isInstance(error)).toBe(true);
    expect(error?.category).toBe('network');
    expect(error?.explanation?.attempts).toHaveLength(1);
    const used = Object.values(adapters.openai?.stats() ?? {}).reduce((n, s) => n + s.requests, 0);
    expect(used).toBe(1);
    expect(router.listKeys().every((k) => k.stats.inFlight === 0)).toBe(true);
    expect([keys.a?.id, keys.b?.id]).toContain(error?.keyId);
  });

  it('frees the key when the caller stops reading early', async () => {
    const { router, keys } = await createFixture({ openai: { keys: { 'sk-a-0000001': { label: 'a' } } } });
    for await (const chunk of router.routeStream(intent(), 'cost')) {
      expect(chunk.type).toBe('text-delta');
      break;
    }
    expect(router.getKey(keys.a?.id as string)?.stats.inFlight).toBe(0);
    const state = await router.quota.getQuotaState(keys.a?.id as string);
    expect(state.inFlight).toBe(0);
  });

  it('filters out providers that cannot stream', async () => {
    const { router } = await createFixture({
      openai: { keys: { 'sk-a-0000001': {} }, adapter: { capabilities: { streaming: false } } },
    });
    const { error } = await collect(router.routeStream(intent(), 'cost'));
    expect(error?.category).toBe('no_eligible_keys');
    expect(error?.explanation?.candidates[0]?.exclusion?.code).toBe('capability');
  });

  it('rejects a malformed intent on the first read', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    const { error } = await collect(router.routeStream({ model: 3 } as never, 'cost'));
    expect(error?.category).toBe('validation');
  });
});
