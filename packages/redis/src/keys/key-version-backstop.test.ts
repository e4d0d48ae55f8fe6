import { ApiKeyRouter, type Clock, RouterError, SystemClock, VirtualClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { subscriberIds, useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const intent = { model: 'fake-model', messages: [{ role: 'user' as const, content: 'hi' }] };
const MATERIAL = 'sk-backstop-canary';

/** A router on its own Redis stores whose fake provider knows the key (A) or answers it with a 401 (B). */
async function router(
  knowsKey: boolean,
  options: { prefix?: string; clock?: Clock; leases?: { activeMs: number } } = {},
): Promise<{ router: ApiKeyRouter; keyId: string }> {
  const clock = options.clock ?? new SystemClock();
  const stores = await redis.stores({
    prefix: options.prefix ?? 'backstop',
    clock,
    ...(options.leases === undefined ? {} : { leases: options.leases }),
  });
  const instance = new ApiKeyRouter({ stores, clock, defaults: { deadlineMs: 3_000 } });
  await instance.registerProvider(
    'fake',
    new FakeAdapter({ clock, keys: knowsKey ? { [MATERIAL]: {} } : {} }),
  );
  const key = await instance.registerKey(MATERIAL, 'fake', { limits: { rpm: 1_000 } });
  return { router: instance, keyId: key.id };
}

describe('the key-state version check behind pub/sub', () => {
  it('refuses a reserve on a key another replica marked invalid while this one missed the message', async () => {
    const admin = new Redis(redis.server().url);
    try {
      const a = await router(true);
      const aSubscribers = await subscriberIds(admin);
      const b = await router(false);
      expect(a.keyId).toBe(b.keyId);

      // A loses its pub/sub connection and cannot get it back (no free client slot) while B changes the key.
      const connected = Number(
        ((await admin.info('clients')) as string).match(/connected_clients:(\d+)/)?.[1],
      );
      await admin.config('SET', 'maxclients', String(connected - aSubscribers.length));
      for (const id of aSubscribers) await admin.client('KILL', 'ID', id);
      const refusedByProvider = await b.router.route(intent).catch((error: unknown) => error);
      expect(RouterError.isInstance(refusedByProvider)).toBe(true);
      expect(b.router.getKey(b.keyId)?.state).toBe('invalid');
      // A heard nothing: it still routes on the old state.
      expect(a.router.getKey(a.keyId)?.state).toBe('available');

      // A's reserve meets the newer version in Redis: no call goes out, and A adopts the new state.
      const refused = await a.router.route(intent).catch((error: unknown) => error);
      expect(RouterError.isInstance(refused)).toBe(true);
      expect(a.router.getKey(a.keyId)?.state).toBe('invalid');
      expect(JSON.stringify(refused)).not.toContain('canary');
    } finally {
      await admin.config('SET', 'maxclients', '10000');
      admin.disconnect();
    }
  });

  it('on leases, a missed change is caught at the next lease fetch: within the active period', async () => {
    const admin = new Redis(redis.server().url);
    try {
      const clock = new VirtualClock({ start: Date.now() });
      const a = await router(true, { prefix: 'backstop-lease', clock, leases: { activeMs: 1_000 } });
      // A routes once: it now holds a lease on the key, granted on the current state.
      await a.router.route(intent);
      const aSubscribers = await subscriberIds(admin);
      const b = await router(false, { prefix: 'backstop-lease' });
      const connected = Number(
        ((await admin.info('clients')) as string).match(/connected_clients:(\d+)/)?.[1],
      );
      await admin.config('SET', 'maxclients', String(connected - aSubscribers.length));
      for (const id of aSubscribers) await admin.client('KILL', 'ID', id);
      await b.router.route(intent).catch(() => undefined);
      expect(b.router.getKey(b.keyId)?.state).toBe('invalid');

      // Inside the active period A admits on its lease: the documented cost of leases.
      await a.router.route(intent);
      expect(a.router.getKey(a.keyId)?.state).toBe('available');
      // Past it, the next lease fetch meets the newer version: refused, and A adopts the new state.
      await clock.advance(1_000);
      const refused = await a.router.route(intent).catch((error: unknown) => error);
      expect(RouterError.isInstance(refused)).toBe(true);
      expect(a.router.getKey(a.keyId)?.state).toBe('invalid');
    } finally {
      await admin.config('SET', 'maxclients', '10000');
      admin.disconnect();
    }
  });
});
