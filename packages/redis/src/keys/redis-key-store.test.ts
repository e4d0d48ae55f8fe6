import type { PersistedKeyState } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';
import type { KeyStateChange } from './redis-key-store.js';

const redis = useRedisServer();

function state(version: number, name: PersistedKeyState['state'] = 'available'): PersistedKeyState {
  return {
    keyId: 'key-a',
    providerId: 'openai',
    state: name,
    context: { consecutiveFailures: 0, openCount: 0, reason: 'registered' },
    stateSince: 1_767_225_600_000,
    version,
    history: [],
  } as PersistedKeyState;
}

describe('RedisKeyStore', () => {
  it('compare-and-set lets exactly one of two concurrent writers win, across replicas', async () => {
    const a = await redis.stores({ prefix: 'cas' });
    const b = await redis.stores({ prefix: 'cas' });
    expect(await a.keys.compareAndSet(state(1), 0)).toBe(true);
    expect(await b.keys.compareAndSet(state(1), 0)).toBe(false);
    const results = await Promise.all([
      a.keys.compareAndSet(state(2, 'throttled'), 1),
      b.keys.compareAndSet(state(2, 'invalid'), 1),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await b.keys.get('key-a'))?.version).toBe(2);
    expect((await a.keys.list()).map((s) => s.keyId)).toEqual(['key-a']);
    expect(await b.keys.delete('key-a')).toBe(true);
    expect(await a.keys.delete('key-a')).toBe(false);
    expect(await a.keys.list()).toEqual([]);
    expect(await a.keys.get('key-a')).toBeUndefined();
  });

  it("announces every write to every replica, so none picks a key on a state it hasn't seen", async () => {
    const a = await redis.stores({ prefix: 'notify' });
    const b = await redis.stores({ prefix: 'notify' });
    const seen: KeyStateChange[] = [];
    b.keys.onChange((change) => seen.push(change));
    await a.keys.compareAndSet(state(1), 0);
    await a.keys.compareAndSet(state(2, 'invalid'), 1);
    await a.keys.delete('key-a');
    while (seen.length < 3) await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([
      { keyId: 'key-a', version: 1 },
      { keyId: 'key-a', version: 2 },
      { keyId: 'key-a', version: 0 },
    ]);
  });
});
