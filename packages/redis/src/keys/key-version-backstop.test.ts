import { ApiKeyRouter, RouterError, SystemClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { subscriberIds, useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const intent = { model: 'fake-model', messages: [{ role: 'user' as const, content: 'hi' }] };
const MATERIAL = 'sk-backstop-canary';

/** A router on its own Redis stores whose fake provider knows the key (A) or answers it with a 401 (B). */
async function router(knowsKey: boolean): Promise<{ router: ApiKeyRouter; keyId: string }> {
  const stores = await redis.stores({ prefix: 'backstop' });
  const instance = new ApiKeyRouter({ stores, defaults: { deadlineMs: 3_000 } });
  await instance.registerProvider(
    'fake',
    new FakeAdapter({ clock: new SystemClock(), keys: knowsKey ? { [MATERIAL]: {} } : {} }),
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
});
