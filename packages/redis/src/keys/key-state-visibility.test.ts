import { ApiKeyRouter, RouterError, SystemClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const intent = { model: 'fake-model', messages: [{ role: 'user' as const, content: 'hi' }] };

async function router(prefix: string): Promise<{ router: ApiKeyRouter; keyId: string }> {
  const stores = await redis.stores({ prefix });
  const instance = new ApiKeyRouter({ stores });
  await instance.registerProvider(
    'fake',
    new FakeAdapter({ clock: new SystemClock(), keys: { 'sk-vis-canary': {} } }),
  );
  const key = await instance.registerKey('sk-vis-canary', 'fake');
  return { router: instance, keyId: key.id };
}

describe('key state visibility across router instances', () => {
  it('a key disabled by one instance is adopted by the other from the published write, before its next pick', async () => {
    const a = await router('vis');
    const b = await router('vis');
    expect(a.keyId).toBe(b.keyId);
    expect((await b.router.route(intent)).content).toBeTypeOf('string');
    const changed: string[] = [];
    b.router.on('keyStateChanged', (transition) => changed.push(`${transition.from}→${transition.to}`));

    await a.router.disableKey(a.keyId, 'rotated out by ops');
    // B makes no call of its own: the write's announcement (one pub/sub message, then one GET) is all it needs.
    while (b.router.getKey(b.keyId)?.state !== 'disabled')
      await new Promise((resolve) => setImmediate(resolve));
    expect(changed).toEqual(['available→disabled']);
    const refused = await b.router.route(intent).catch((error: unknown) => error);
    expect(RouterError.isInstance(refused) && refused.category).toBe('no_eligible_keys');
    expect(JSON.stringify(refused)).not.toContain('sk-vis-canary');

    await b.router.enableKey(b.keyId);
    while (a.router.getKey(a.keyId)?.state !== 'available')
      await new Promise((resolve) => setImmediate(resolve));
    expect((await a.router.route(intent)).content).toBeTypeOf('string');
  });

  it('announcements still arrive after Redis restarts (the subscriber re-subscribes itself)', async () => {
    const a = await router('vis-restart');
    const b = await router('vis-restart');
    await redis.server().stop();
    await redis.server().restart();
    // Both command connections are back once a route goes through on each.
    for (const side of [a, b])
      while (
        !(await side.router.route(intent).then(
          () => true,
          () => false,
        ))
      )
        await new Promise((resolve) => setTimeout(resolve, 20));
    await a.router.disableKey(a.keyId, 'rotated out after the restart');
    while (b.router.getKey(b.keyId)?.state !== 'disabled')
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(b.router.getKey(b.keyId)?.state).toBe('disabled');
  });
});
