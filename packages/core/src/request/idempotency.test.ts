import { describe, expect, it } from 'vitest';
import type { RouterError } from '../index.js';
import { createFixture, intent } from '../router/router-fixture.test-helpers.js';

function calls(adapters: Awaited<ReturnType<typeof createFixture>>['adapters']): number {
  return Object.values(adapters.openai?.stats() ?? {})[0]?.requests ?? 0;
}

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

  it("each caller keeps its own abort: A's abort fails only A, B gets the shared call's answer", async () => {
    const { router, adapters } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { latencyMs: 200 } } },
    });
    const ask = intent('gpt-test', { idempotencyKey: 'shared-abort' });
    const controller = new AbortController();
    const a = router
      .route(ask, 'cost', { signal: controller.signal })
      .catch((e: unknown) => e as RouterError);
    const b = router.route(ask, 'cost');
    controller.abort();
    expect((await a) as RouterError).toMatchObject({ category: 'aborted' });
    expect((await b).content).toContain('echo');
    expect(calls(adapters)).toBe(1);
  });

  it('each caller keeps its own deadline while sharing one upstream call', async () => {
    const { router, adapters } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { latencyMs: 200 } } },
    });
    const ask = intent('gpt-test', { idempotencyKey: 'shared-deadline' });
    const short = router.route(ask, 'cost', { deadlineMs: 50 }).catch((e: unknown) => e as RouterError);
    const long = router.route(ask, 'cost', { deadlineMs: 10_000 });
    expect((await short) as RouterError).toMatchObject({ category: 'timeout' });
    expect((await long).content).toContain('echo');
    expect(calls(adapters)).toBe(1);
  });

  it('cancels the upstream call once every caller has left', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-a-0000001': { latencyMs: 200 } } } });
    const completed: Array<string | undefined> = [];
    router.on('requestCompleted', (event) => completed.push(event.errorCategory));
    const controller = new AbortController();
    const ask = intent('gpt-test', { idempotencyKey: 'everyone-left' });
    const a = router.route(ask, 'cost', { signal: controller.signal }).catch((e: unknown) => e);
    const b = router.route(ask, 'cost', { deadlineMs: 20 }).catch((e: unknown) => e);
    expect(await b).toMatchObject({ category: 'timeout' });
    controller.abort();
    expect(await a).toMatchObject({ category: 'aborted' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(completed).toEqual(['aborted']);
  });

  it('hands every caller its own copy: mutating one answer changes no other, nor the replay', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-a-0000001': { latencyMs: 100 } } } });
    const ask = intent('gpt-test', { idempotencyKey: 'copies' });
    const [a, b] = await Promise.all([router.route(ask, 'cost'), router.route(ask, 'cost')]);
    const original = b.content;
    a.content = 'mutated';
    a.message.content = 'mutated';
    a.usage.outputTokens = -1;
    a.explanation.attempts.length = 0;
    expect(b.content).toBe(original);
    expect(b.message.content).toBe(original);
    expect(b.explanation.attempts).toHaveLength(1);
    const replay = await router.route(ask, 'cost');
    expect(replay).not.toBe(b);
    expect(replay.content).toBe(original);
    expect(replay.usage).toEqual(b.usage);
    expect(replay.cost.amount.eq(b.cost.amount)).toBe(true);
    expect(String(replay.explanation)).toBe(String(b.explanation));
  });

  it('bounds the replay cache in bytes: least recently used answers are evicted', async () => {
    const { router, adapters } = await createFixture(
      { openai: { keys: { 'sk-a-0000001': {} } } },
      { idempotency: { maxBytes: 16 * 1024 } },
    );
    for (let i = 0; i < 20; i++) await router.route(intent('gpt-test', { idempotencyKey: `k${i}` }), 'cost');
    expect(calls(adapters)).toBe(20);
    await router.route(intent('gpt-test', { idempotencyKey: 'k19' }), 'cost');
    expect(calls(adapters)).toBe(20);
    await router.route(intent('gpt-test', { idempotencyKey: 'k0' }), 'cost');
    expect(calls(adapters)).toBe(21);
  });

  it('keeps no copy of the prompt: answers to huge prompts stay replayable under a small byte bound', async () => {
    const { router, adapters } = await createFixture(
      { openai: { keys: { 'sk-a-0000001': {} } } },
      { idempotency: { maxBytes: 64 * 1024 } },
    );
    const huge = (i: number) => ({
      ...intent('gpt-test', { idempotencyKey: `big-${i}` }),
      messages: [{ role: 'user' as const, content: `${i} ${'word '.repeat(200_000)}` }],
    });
    for (let i = 0; i < 5; i++) await router.route(huge(i), 'cost');
    for (let i = 0; i < 5; i++) await router.route(huge(i), 'cost');
    expect(calls(adapters)).toBe(5);
  });
});
