import { ApiKeyRouter, SystemClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const intent = { model: 'fake-model', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('a router on Redis stores while Redis is down', () => {
  it('routes on local shares and says so in its explanations and decision events; says nothing once back', async () => {
    const stores = await redis.stores({ replicas: 2, timeoutMs: 200, onUnavailable: 'local' });
    const router = new ApiKeyRouter({ stores });
    await router.registerProvider(
      'fake',
      new FakeAdapter({ clock: new SystemClock(), keys: { 'sk-degraded-canary': {} } }),
    );
    await router.registerKey('sk-degraded-canary', 'fake', { limits: { rpm: 100 } });
    const healthy = await router.route(intent);
    expect(healthy.explanation.degradedStores).toBeUndefined();
    expect(String(healthy.explanation)).not.toContain('store');

    await redis.server().stop();
    // The first request finds out (its reserve falls back locally); every later decision says it.
    expect((await router.route(intent)).content).toBeTypeOf('string');
    const decisions: Array<{ degraded: string[] }> = [];
    router.on('decision', (event) =>
      decisions.push({
        degraded: (event.explanation.degradedStores ?? []).map((s) => `${s.store}:${s.mode}`),
      }),
    );
    const degraded = await router.route(intent);
    expect(degraded.explanation.degradedStores).toMatchObject([
      { store: 'quota', mode: 'local' },
      { store: 'spend', mode: 'local' },
    ]);
    expect(String(degraded.explanation)).toContain('quota store answering locally');
    expect(JSON.stringify(degraded.explanation)).toContain('"degradedStores"');
    expect(JSON.stringify(degraded.explanation)).not.toContain('canary');
    expect(decisions).toEqual([{ degraded: ['quota:local', 'spend:local'] }]);
    expect((await router.explain(intent)).degradedStores).toHaveLength(2);

    await redis.server().restart();
    let back = await router.route(intent);
    while (stores.quota.degraded || stores.spend.degraded) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      back = await router.route(intent);
    }
    back = await router.route(intent);
    expect(back.explanation.degradedStores).toBeUndefined();
  });
});
