import { ApiKeyRouter, type PersistedKeyState, SystemClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { AvailabilityEvent } from '../policy/availability-events.js';
import { subscriberIds, useRedisServer } from '../testing/redis-fixture.test-helpers.js';
import type { KeyStateChange, RedisKeyStore } from './redis-key-store.js';

const redis = useRedisServer();
const T0 = 1_767_225_600_000;

function state(version: number, name: PersistedKeyState['state'], stateSince: number): PersistedKeyState {
  return {
    keyId: 'k1',
    providerId: 'fake',
    state: name,
    context: { consecutiveFailures: 0, openCount: 0, reason: `${name} at ${stateSince}` },
    stateSince,
    version,
    history: [],
  };
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  // Waits for a reconnect or an announcement; bounded by the test timeout.
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * B's two writes after the restart. True when both went straight into Redis (the usual order); false when
 * A's write-back got there first (B's first write is then refused by the version check) or B's connection was
 * not back yet (its writes were queued): reconnect timing decides, so the test checks the order it got.
 */
async function writesBeforeWriteBack(keys: RedisKeyStore): Promise<boolean> {
  let first: boolean | undefined;
  await until(async () => {
    first = await keys.compareAndSet(state(1, 'throttled', T0 + 5), 0).catch(() => undefined);
    return first !== undefined;
  });
  if (first !== true) return false;
  const second = await keys.compareAndSet(state(2, 'throttled', T0 + 6), 1);
  return second && keys.pendingWrites === 0;
}

describe('the key store while Redis is away', () => {
  it('accepts and queues a write, says so, and writes it back after a restart, where the later change wins', async () => {
    const a = await redis.stores({ prefix: 'keys-away', timeoutMs: 200 });
    const b = await redis.stores({ prefix: 'keys-away', timeoutMs: 200 });
    const events: AvailabilityEvent[] = [];
    a.onAvailability((event) => events.push(event));
    const heard: KeyStateChange[] = [];
    b.keys.onChange((change) => heard.push(change));
    expect(await a.keys.compareAndSet(state(1, 'available', T0), 0)).toBe(true);

    await redis.server().stop();
    // A keeps working on its own key states: the write is accepted here and queued.
    expect(await a.keys.compareAndSet(state(2, 'disabled', T0 + 10), 1)).toBe(true);
    expect(await a.keys.compareAndSet(state(3, 'invalid', T0 + 20), 2)).toBe(true);
    expect(await a.keys.compareAndSet(state(9, 'invalid', T0 + 20), 7)).toBe(false);
    expect(a.keys.pendingWrites).toBe(1);
    expect(a.keys.availability()).toMatchObject({ store: 'keys', mode: 'local' });
    expect(events).toContainEqual(expect.objectContaining({ store: 'keys', mode: 'degraded' }));

    // Redis comes back empty and B writes twice, with an older observation than A's.
    await redis.server().restart();
    const bFirst = await writesBeforeWriteBack(b.keys);
    await until(() => a.keys.pendingWrites === 0 && a.keys.availability() === undefined);
    await until(() => b.keys.pendingWrites === 0);
    await a.keys.flush();
    // A's change is the later one: it is what Redis keeps, whichever write got there first.
    const stored = await b.keys.get('k1');
    expect(stored).toMatchObject({ state: 'invalid', stateSince: T0 + 20 });
    if (bFirst) {
      // Both of B's versions were in Redis first: A's change went in above them, and B heard of it.
      expect(stored?.version).toBe(4);
      await until(() => heard.some((change) => change.version === 4));
    }
    expect(events.at(-1)).toMatchObject({ store: 'keys', mode: 'recovered' });
  });

  it('a replica whose change messages were lost compares its keys with Redis once its subscriber is back', async () => {
    const admin = new Redis(redis.server().url);
    try {
      const a = await redis.stores({ prefix: 'keys-resync' });
      const subscribers = await subscriberIds(admin);
      const b = await redis.stores({ prefix: 'keys-resync' });
      const heard: KeyStateChange[] = [];
      a.keys.onChange((change) => heard.push(change));
      expect(await a.keys.compareAndSet(state(1, 'available', T0), 0)).toBe(true);
      // A hears its own announcement too, whenever it arrives: wait for it, so that only later ones count.
      await until(() => heard.some((change) => change.version === 1));
      heard.length = 0;

      // A's subscriber is cut off and cannot come back while B changes the key.
      const connected = Number(
        ((await admin.info('clients')) as string).match(/connected_clients:(\d+)/)?.[1],
      );
      await admin.config('SET', 'maxclients', String(connected - subscribers.length));
      for (const id of subscribers) await admin.client('KILL', 'ID', id);
      expect(await b.keys.compareAndSet(state(2, 'disabled', T0 + 10), 1)).toBe(true);
      expect(heard).toEqual([]);

      // The subscriber reconnects: A compares what it knows with Redis and announces the missed change.
      await admin.config('SET', 'maxclients', '10000');
      await until(() => heard.some((change) => change.keyId === 'k1' && change.version === 2));
    } finally {
      await admin.config('SET', 'maxclients', '10000');
      admin.disconnect();
    }
  });

  it('a router disables a key while Redis is down; the other router adopts it once Redis is back', async () => {
    const router = async () => {
      const stores = await redis.stores({ prefix: 'keys-router', timeoutMs: 200 });
      const instance = new ApiKeyRouter({ stores });
      await instance.registerProvider(
        'fake',
        new FakeAdapter({ clock: new SystemClock(), keys: { 'sk-away-canary': {} } }),
      );
      const key = await instance.registerKey('sk-away-canary', 'fake');
      return { router: instance, keyId: key.id, stores };
    };
    const a = await router();
    const b = await router();
    await redis.server().stop();
    await a.router.disableKey(a.keyId, 'rotated out during the outage');
    expect(a.router.getKey(a.keyId)?.state).toBe('disabled');
    await until(() => a.stores.keys.pendingWrites === 1);
    expect(b.router.getKey(b.keyId)?.state).toBe('available');

    await redis.server().restart();
    await until(() => b.router.getKey(b.keyId)?.state === 'disabled');
    // B can hear the announcement before A has handled the reply of its own write-back.
    await until(() => a.stores.keys.pendingWrites === 0);
    expect(a.router.getKey(a.keyId)?.state).toBe('disabled');
  });
});
