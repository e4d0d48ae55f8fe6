import { describe, expect, it } from 'vitest';
import { createFixture, intent } from '../router/router-fixture.test-helpers.js';

describe('idempotencyKey', () => {
  it('concurrent requests with one key make one provider call and share the response', async () => {
    const { router, adapters } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { latencyMs: 100 } } },
    });
    const ask = intent('gpt-test', { idempotencyKey: 'order-42' });
    const [a, b] = await Promise.all([router.route(ask, 'cost'), router.route(ask, 'cost')]);
    expect(a.requestId).toBe(b.requestId);
    const again = await router.route(ask, 'cost');
    expect(again.requestId).toBe(a.requestId);
    expect(Object.values(adapters.openai?.stats() ?? {})[0]?.requests).toBe(1);
    const other = await router.route(intent('gpt-test', { idempotencyKey: 'order-43' }), 'cost');
    expect(other.requestId).not.toBe(a.requestId);
  });

  it('forgets a key after its time to live, on the router clock', async () => {
    const { router, clock } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    const ask = intent('gpt-test', { idempotencyKey: 'ttl' });
    const first = await router.route(ask, 'cost');
    await clock.advance(10 * 60_000 + 1);
    expect((await router.route(ask, 'cost')).requestId).not.toBe(first.requestId);
  });

  it('rejects a key reused for a different request', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    await router.route(intent('gpt-test', { idempotencyKey: 'k1' }), 'cost');
    await expect(
      router.route(
        { ...intent('gpt-test', { idempotencyKey: 'k1' }), messages: [{ role: 'user', content: 'other' }] },
        'cost',
      ),
    ).rejects.toMatchObject({ category: 'validation' });
    await expect(router.route(intent('gpt-test', { idempotencyKey: 'k1' }), 'latency')).rejects.toMatchObject(
      {
        category: 'validation',
      },
    );
  });

  it('frees the key when the request fails, so a retry calls again', async () => {
    const { router, adapters } = await createFixture(
      { openai: { keys: { 'sk-a-0000001': {} } } },
      { defaults: { maxAttempts: 1 } },
    );
    adapters.openai?.addFault({ kind: 'bad_request' });
    const ask = intent('gpt-test', { idempotencyKey: 'retry-me' });
    await expect(router.route(ask, 'cost')).rejects.toMatchObject({ category: 'validation' });
    expect((await router.route(ask, 'cost')).content).toContain('echo');
  });
});
