import { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import {
  type AdapterCall,
  ApiKeyRouter,
  MemoryKeyStore,
  type ProviderAdapter,
  type RouterError,
  VirtualClock,
} from '../index.js';
import { createFixture, intent } from './router-fixture.test-helpers.js';

/** An adapter that ignores its AbortSignal and never answers. */
function deafAdapter(clock: VirtualClock): ProviderAdapter {
  const inner = new FakeAdapter({ id: 'deaf', clock, keys: { 'sk-deaf-00001': {} } });
  return {
    specificationVersion: 'v1',
    id: 'deaf',
    capabilities: inner.capabilities,
    parseRateLimits: (h, now) => inner.parseRateLimits(h, now),
    classifyError: (e, c) => inner.classifyError(e, c),
    execute: (_call: AdapterCall) => new Promise(() => undefined),
    stream: (call) => inner.stream(call),
  };
}

describe('concurrency and deadlines', () => {
  it('a recovering key gets exactly one probe, however many requests arrive at once', async () => {
    const { router, adapters, keys, clock } = await createFixture(
      { openai: { keys: { 'sk-a-0000001': { label: 'a', latencyMs: 100 } } } },
      { keyMachine: { failureThreshold: 1, baseCooldownMs: 1_000 }, defaults: { maxAttempts: 1 } },
    );
    adapters.openai?.addFault({ kind: 'server_error' });
    await router.route(intent(), 'cost').catch(() => undefined);
    await clock.advance(1_000);
    expect(router.getKey(keys.a?.id as string)?.state).toBe('recovering');
    const before = Object.values(adapters.openai?.stats() ?? {})[0]?.requests ?? 0;
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => router.route(intent(), 'cost', { deadlineMs: 50 })),
    );
    const calls = (Object.values(adapters.openai?.stats() ?? {})[0]?.requests ?? 0) - before;
    expect(calls).toBe(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(4);
  });

  it('removeKey waits for a request that already picked the key', async () => {
    const { router, keys, adapters } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'a', latencyMs: 200 } } },
    });
    const pending = router.route(intent(), 'cost');
    const removed = router.removeKey(keys.a?.id as string);
    expect((await pending).keyUsed).toBe(keys.a?.id);
    expect(await removed).toBe(true);
    expect(router.listKeys()).toEqual([]);
    expect(Object.values(adapters.openai?.stats() ?? {})[0]?.successes).toBe(1);
  });

  it('ends at the deadline even when the adapter ignores its signal, and frees everything', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const router = new ApiKeyRouter({ clock });
    await router.registerProvider('deaf', deafAdapter(clock));
    const key = await router.registerKey('sk-deaf-00001', 'deaf');
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '1' });
    const budget = await router.costController.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
    });
    const start = clock.now();
    const error = (await router
      .route(intent(), 'cost', { deadlineMs: 2_000 })
      .catch((e: unknown) => e)) as RouterError;
    expect(error.category).toBe('timeout');
    expect(clock.now() - start).toBe(2_000);
    expect(router.getKey(key.id)?.stats.inFlight).toBe(0);
    expect(router.getKey(key.id)?.state).toBe('available');
    expect((await router.costController.getBudgetStatus(budget.id)).reserved.isZero()).toBe(true);
  });

  it('books a stream whose consumer stops reading once the deadline passes', async () => {
    const { router, keys, clock } = await createFixture(
      { openai: { keys: { 'sk-a-0000001': { label: 'a' } }, adapter: { chunkDelayMs: 100 } } },
      { autoAdvance: false },
    );
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '1' });
    const budget = await router.costController.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
    });
    const stream = router.routeStream(intent(), 'cost', { deadlineMs: 1_000 });
    const first = stream.next();
    await clock.advance(150);
    expect((await first).value).toMatchObject({ type: 'text-delta' });
    await clock.advance(2_000);
    expect(router.getKey(keys.a?.id as string)?.stats.inFlight).toBe(0);
    expect(router.getKey(keys.a?.id as string)?.state).toBe('available');
    expect((await router.costController.getBudgetStatus(budget.id)).reserved.isZero()).toBe(true);
    await expect(stream.next()).rejects.toMatchObject({ category: 'timeout' });
  });

  it('a deadline hit mid-stream does not count against the key', async () => {
    const { router, keys, clock } = await createFixture(
      { openai: { keys: { 'sk-a-0000001': { label: 'a' } }, adapter: { chunkDelayMs: 100 } } },
      { autoAdvance: false, keyMachine: { failureThreshold: 1 } },
    );
    for (let i = 0; i < 3; i++) {
      const reading = (async () => {
        for await (const _chunk of router.routeStream(intent(), 'cost', { deadlineMs: 150 })) {
          // read until the deadline ends the stream
        }
      })().catch((e: unknown) => e);
      await clock.advance(500);
      expect(((await reading) as RouterError).category).toBe('timeout');
    }
    expect(router.getKey(keys.a?.id as string)?.state).toBe('available');
  });

  it('a model-specific failure does not exclude the key for the fallback model', async () => {
    const { router, adapters, keys } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'a' } } },
    });
    adapters.openai?.addFault({ kind: 'not_found' });
    const res = await router.route(intent('gpt-new', { fallbackModels: ['gpt-old'] }), 'cost');
    expect(res.keyUsed).toBe(keys.a?.id);
    expect(res.model).toBe('gpt-old');
  });

  it('inserts downgrade models in the order the budget lists them', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    router.costController.setModelPrice('gpt-big', { inputPerMillion: '1000', outputPerMillion: '1000' });
    router.costController.setModelPrice('gpt-mid', { inputPerMillion: '1', outputPerMillion: '1' });
    router.costController.setModelPrice('gpt-small', { inputPerMillion: '0.1', outputPerMillion: '0.1' });
    await router.costController.createBudget({
      scope: 'model',
      scopeId: 'gpt-big',
      limit: '0.001',
      period: 'day',
      enforcementMode: 'downgrade',
      downgradeTo: ['gpt-mid', 'gpt-small'],
    });
    expect((await router.route(intent('gpt-big'), 'cost')).model).toBe('gpt-mid');
  });

  it('a restored state persists, and later transitions are not reverted by the store', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const store = new MemoryKeyStore();
    const fake = new FakeAdapter({ id: 'openai', clock, keys: { 'sk-a-0000001': {} } });
    const router = new ApiKeyRouter({ clock, stores: { keys: store } });
    await router.registerProvider('openai', fake);
    const key = await router.registerKey('sk-a-0000001', 'openai');
    const snapshot = router.snapshot();
    await router.disableKey(key.id);
    await router.enableKey(key.id);
    const transitions: string[] = [];
    router.on('keyStateChanged', (t) => transitions.push(`${t.to}:${t.trigger}`));
    router.restore(snapshot);
    await router.disableKey(key.id);
    await new Promise((resolve) => setImmediate(resolve));
    expect(router.getKey(key.id)?.state).toBe('disabled');
    expect((await store.get(key.id))?.state).toBe('disabled');
    expect(transitions).toEqual(['disabled:operator']);
  });

  it('after a rotation, registering the new material finds the same key', async () => {
    const { router, keys } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'a' }, 'sk-a-0000002': {} } },
    });
    await router.removeKey(router.listKeys().find((k) => k.label === 'sk-a-0000002')?.id as string);
    await router.rotateKey(keys.a?.id as string, 'sk-a-0000002');
    const again = await router.registerKey('sk-a-0000002', 'openai', { label: 'renamed' });
    expect(again.id).toBe(keys.a?.id);
    expect(router.listKeys()).toHaveLength(1);
  });

  it('refuses key material too short to be redacted', async () => {
    const { router } = await createFixture({ openai: { keys: {} } });
    await expect(router.registerKey('abc', 'openai')).rejects.toMatchObject({ category: 'validation' });
  });

  it('a throwing logger cannot fail a request or leak its reservations', async () => {
    const logger = {
      info: () => {
        throw new Error('logger down');
      },
      error: () => {
        throw new Error('logger down');
      },
    };
    const { router, adapters, keys, clock } = await createFixture(
      { openai: { keys: { 'sk-a-0000001': { label: 'a' } } } },
      { logger, keyMachine: { failureThreshold: 1, baseCooldownMs: 1_000 }, defaults: { maxAttempts: 1 } },
    );
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '1' });
    const budget = await router.costController.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
    });
    adapters.openai?.addFault({ kind: 'server_error' });
    await router.route(intent(), 'cost').catch(() => undefined);
    await clock.advance(1_000);
    const res = await router.route(intent(), 'cost');
    expect(res.keyUsed).toBe(keys.a?.id);
    expect(router.getKey(keys.a?.id as string)?.state).toBe('available');
    expect((await router.costController.getBudgetStatus(budget.id)).reserved.isZero()).toBe(true);
  });
});
