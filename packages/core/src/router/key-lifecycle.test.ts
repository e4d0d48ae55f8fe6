import { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { ApiKeyRouter, MemoryKeyStore, VirtualClock } from '../index.js';
import { createFixture, intent } from './router-fixture.test-helpers.js';

describe('key lifecycle', () => {
  it('disables and enables a key, with history and events', async () => {
    const { router, keys } = await createFixture({ openai: { keys: { 'sk-a-0000001': { label: 'a' } } } });
    const events: string[] = [];
    router.on('keyStateChanged', (t) => events.push(`${t.from}->${t.to}:${t.trigger}`));
    await router.disableKey(keys.a?.id as string, 'maintenance');
    await expect(router.route(intent(), 'cost')).rejects.toMatchObject({ category: 'no_eligible_keys' });
    await router.enableKey(keys.a?.id as string);
    await router.route(intent(), 'cost');
    expect(events).toEqual(['available->disabled:operator', 'disabled->available:operator']);
    expect(router.getKeyHistory(keys.a?.id as string).map((t) => t.reason)).toEqual([
      'maintenance',
      'enabled by operator',
    ]);
  });

  it('rotates a key: drains in-flight requests on the old material, then serves with the new one', async () => {
    const clock = new VirtualClock({ start: 0 });
    const fake = new FakeAdapter({
      id: 'openai',
      clock,
      keys: { 'sk-old-000001': { latencyMs: 1_000 }, 'sk-new-000001': { latencyMs: 1_000 } },
    });
    const router = new ApiKeyRouter({ clock });
    await router.registerProvider('openai', fake);
    const key = await router.registerKey('sk-old-000001', 'openai');
    const inFlight = router.route(intent(), 'cost');
    await clock.advance(10);
    const rotated = router.rotateKey(key.id, 'sk-new-000001');
    await clock.advance(10);
    expect(router.getKey(key.id)?.state).toBe('draining');
    await clock.advance(1_000);
    expect((await inFlight).keyUsed).toBe(key.id);
    expect((await rotated).state).toBe('available');
    const next = router.route(intent(), 'cost');
    await clock.advance(1_000);
    expect((await next).keyUsed).toBe(key.id);
    expect(fake.stats()).toMatchObject({ 'key-0': { successes: 1 }, 'key-1': { successes: 1 } });
  });

  it('removes a key', async () => {
    const { router, keys } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'a' }, 'sk-b-0000001': { label: 'b' } } },
    });
    expect(await router.removeKey(keys.a?.id as string)).toBe(true);
    expect(await router.removeKey('nope')).toBe(false);
    expect(router.listKeys().map((k) => k.label)).toEqual(['b']);
    for (let i = 0; i < 3; i++) expect((await router.route(intent(), 'cost')).keyUsed).toBe(keys.b?.id);
  });

  it('rejects unknown key ids with a validation error', async () => {
    const { router } = await createFixture({ openai: { keys: {} } });
    await expect(router.disableKey('missing')).rejects.toMatchObject({ category: 'validation' });
    await expect(router.rotateKey('missing', 'sk-new-000001')).rejects.toMatchObject({
      category: 'validation',
    });
    expect(() => router.getKeyHistory('missing')).toThrow(/Unknown key id/);
    expect(router.getKey('missing')).toBeUndefined();
  });

  it('keeps a throttle across a snapshot restore, as a stored instant', async () => {
    const { router, adapters, keys, clock } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'a' } } },
    });
    adapters.openai?.addFault({ kind: 'rate_limit', delayMs: 60_000 });
    await router.route(intent(), 'cost', { deadlineMs: 1_000 }).catch(() => undefined);
    const snapshot = JSON.parse(JSON.stringify(router.snapshot()));
    const restored = new ApiKeyRouter({ clock });
    await restored.registerProvider('openai', adapters.openai as FakeAdapter);
    await restored.registerKey('sk-a-0000001', 'openai');
    expect(restored.restore(snapshot)).toBe(1);
    expect(restored.getKey(keys.a?.id as string)?.state).toBe('throttled');
    await expect(restored.route(intent(), 'cost', { deadlineMs: 1_000 })).rejects.toMatchObject({
      category: 'no_eligible_keys',
    });
    await clock.advance(60_000);
    expect((await restored.route(intent(), 'cost')).keyUsed).toBe(keys.a?.id);
    expect(() => restored.restore({ version: 2 } as never)).toThrow(/snapshot/);
  });

  it('shares key states between routers through one store', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const store = new MemoryKeyStore();
    const fake = new FakeAdapter({
      id: 'openai',
      clock,
      keys: { 'sk-a-0000001': {} },
      faults: [{ kind: 'unauthorized' }],
    });
    const first = new ApiKeyRouter({ clock, stores: { keys: store } });
    await first.registerProvider('openai', fake);
    const key = await first.registerKey('sk-a-0000001', 'openai');
    await first.route(intent(), 'cost').catch(() => undefined);
    expect(first.getKey(key.id)?.state).toBe('invalid');
    await Promise.resolve();
    const second = new ApiKeyRouter({ clock, stores: { keys: store } });
    await second.registerProvider('openai', fake);
    expect((await second.registerKey('sk-a-0000001', 'openai')).state).toBe('invalid');
  });
});
