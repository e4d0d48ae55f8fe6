import { describe, expect, it } from 'vitest';
import { NoEligibleKeysError, RouterError } from '../index.js';
import { createFixture, intent } from './router-fixture.test-helpers.js';

describe('failover', () => {
  it('fails over to the next key on a 5xx and records both attempts', async () => {
    const { router, adapters, keys } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'a' }, 'sk-b-0000001': { label: 'b' } } },
    });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '1' });
    router.costController.setModelPrice(
      'gpt-test',
      { inputPerMillion: '2', outputPerMillion: '2' },
      { keyId: keys.b?.id as string },
    );
    adapters.openai?.addFault({ kind: 'server_error', key: 'sk-a-0000001' });
    const res = await router.route(intent(), 'cost');
    expect(res.keyId).toBe(keys.b?.id);
    expect(res.attempts).toBe(2);
    expect(res.explanation.attempts.map((a) => [a.keyId, a.outcome, a.category])).toEqual([
      [keys.a?.id, 'error', 'provider'],
      [keys.b?.id, 'success', undefined],
    ]);
  });

  it('opens the circuit after consecutive failures and probes after the cool-down', async () => {
    const { router, adapters, keys, clock } = await createFixture(
      { openai: { keys: { 'sk-a-0000001': { label: 'a' } } } },
      {
        keyMachine: { failureThreshold: 3, baseCooldownMs: 10_000 },
        defaults: { maxAttempts: 3, retry: { baseDelayMs: 10, maxDelayMs: 10 } },
      },
    );
    adapters.openai?.addFault({ kind: 'server_error', times: 3 });
    await expect(router.route(intent(), 'cost')).rejects.toMatchObject({ category: 'provider' });
    expect(router.getKey(keys.a?.id as string)?.state).toBe('failing');
    const error = (await router
      .route(intent(), 'cost', { deadlineMs: 1000 })
      .catch((e: unknown) => e)) as RouterError;
    expect(error).toBeInstanceOf(NoEligibleKeysError);
    expect(error.retryAfterMs).toBeGreaterThan(0);
    await clock.advance(10_000);
    expect(router.getKey(keys.a?.id as string)?.state).toBe('recovering');
    const res = await router.route(intent(), 'cost');
    expect(res.keyId).toBe(keys.a?.id);
    expect(router.getKey(keys.a?.id as string)?.state).toBe('available');
    expect(router.getKeyHistory(keys.a?.id as string).map((t) => t.to)).toEqual([
      'failing',
      'recovering',
      'available',
    ]);
  });

  it('throttles a key on 429 until retry-after and uses another key meanwhile', async () => {
    const { router, adapters, keys, clock } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'a' }, 'sk-b-0000001': { label: 'b' } } },
    });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '1' });
    router.costController.setModelPrice(
      'gpt-test',
      { inputPerMillion: '5', outputPerMillion: '5' },
      { keyId: keys.b?.id as string },
    );
    adapters.openai?.addFault({ kind: 'rate_limit', key: 'sk-a-0000001', delayMs: 30_000 });
    const throttledAt = clock.now();
    const first = await router.route(intent(), 'cost');
    expect(first.attempts).toBe(2);
    expect(first.keyId).toBe(keys.b?.id);
    const a = router.getKey(keys.a?.id as string);
    expect(a?.state).toBe('throttled');
    expect(a?.until).toBe(throttledAt + 30_000);
    const why = await router.explain(intent(), 'cost');
    expect(why.candidates.find((c) => c.keyId === keys.a?.id)?.exclusion).toMatchObject({
      code: 'state',
      retryAt: throttledAt + 30_000,
    });
    expect((await router.route(intent(), 'cost')).keyId).toBe(keys.b?.id);
    await clock.advance(30_000);
    expect((await router.route(intent(), 'cost')).keyId).toBe(keys.a?.id);
  });

  it('waits for retry-after on the only key when it fits in the deadline', async () => {
    const { router, adapters, clock } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    adapters.openai?.addFault({ kind: 'rate_limit', delayMs: 2_000 });
    const start = clock.now();
    const res = await router.route(intent(), 'cost', { deadlineMs: 10_000 });
    expect(res.attempts).toBe(2);
    expect(clock.now() - start).toBeGreaterThanOrEqual(2_000);
    expect(res.explanation.attempts[1]?.waitedMs).toBeGreaterThanOrEqual(2_000);
  });

  it('fails fast with retryAfterMs when the key frees up only after the deadline', async () => {
    const { router, adapters } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    adapters.openai?.addFault({ kind: 'rate_limit', delayMs: 60_000 });
    const error = (await router
      .route(intent(), 'cost', { deadlineMs: 5_000 })
      .catch((e: unknown) => e)) as RouterError;
    expect(error.category).toBe('rate_limit');
    expect(error.explanation?.attempts).toHaveLength(1);
    const next = (await router
      .route(intent(), 'cost', { deadlineMs: 5_000 })
      .catch((e: unknown) => e)) as RouterError;
    expect(next).toBeInstanceOf(NoEligibleKeysError);
    expect(next.retryAfterMs).toBeGreaterThan(50_000);
    expect(next.explanation?.candidates[0]?.exclusion?.code).toBe('state');
  });

  it('marks a key invalid on 401 and never routes to it again', async () => {
    const { router, adapters, keys } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'a' }, 'sk-b-0000001': { label: 'b' } } },
    });
    adapters.openai?.addFault({ kind: 'unauthorized', key: 'sk-a-0000001' });
    adapters.openai?.addFault({ kind: 'unauthorized', key: 'sk-b-0000001', times: 0 });
    for (let i = 0; i < 6; i++) await router.route(intent(), 'fairness');
    const a = router.getKey(keys.a?.id as string);
    expect(a?.state).toBe('invalid');
    expect(a?.stats.requests).toBe(1);
  });

  it('exhausts a key on insufficient quota', async () => {
    const { router, keys } = await createFixture({
      openai: {
        keys: { 'sk-a-0000001': { label: 'a', billingExhausted: true }, 'sk-b-0000001': { label: 'b' } },
      },
    });
    for (let i = 0; i < 4; i++) await router.route(intent(), 'fairness');
    expect(router.getKey(keys.a?.id as string)?.state).toBe('exhausted');
  });

  it('does not retry a request the provider rejects as invalid (400)', async () => {
    const { router, adapters } = await createFixture({
      openai: { keys: { 'sk-a-0000001': {}, 'sk-b-0000001': {} } },
    });
    adapters.openai?.addFault({ kind: 'bad_request' });
    const error = (await router.route(intent(), 'cost').catch((e: unknown) => e)) as RouterError;
    expect(error.category).toBe('validation');
    expect(error.explanation?.attempts).toHaveLength(1);
    const total = Object.values(adapters.openai?.stats() ?? {}).reduce((n, s) => n + s.requests, 0);
    expect(total).toBe(1);
  });

  it('falls back to another provider model and emits fallback', async () => {
    const { router, adapters } = await createFixture({
      openai: { keys: { 'sk-a-0000001': {} }, adapter: { models: ['gpt-*'] } },
      anthropic: { keys: { 'sk-b-0000001': {} }, adapter: { models: ['claude-*'] } },
    });
    adapters.openai?.addFault({ kind: 'overloaded', times: 10 });
    const fallbacks: string[] = [];
    router.on('fallback', (e) => fallbacks.push(`${e.fromModel}→${e.toModel}`));
    const res = await router.route(intent('gpt-test', { fallbackModels: ['anthropic/claude-test'] }), 'cost');
    expect(res.providerId).toBe('anthropic');
    expect(fallbacks).toEqual(['gpt-test→anthropic/claude-test']);
    expect(res.explanation.fallbackModels).toEqual(['anthropic/claude-test']);
    expect(String(res.explanation)).toContain('fallback to anthropic/claude-test');
  });

  it('skips a key for a request too large for it, without throttling the key', async () => {
    const { router, keys } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'small', tpm: 100 }, 'sk-b-0000001': { label: 'big' } } },
    });
    const big = intent('gpt-test', { parameters: { maxTokens: 500 } });
    const res = await router.route(big, { primary: 'cost', weights: { headroom: 1 } });
    expect(res.keyId).toBe(keys.big?.id);
    expect(router.getKey(keys.small?.id as string)?.state).toBe('available');
  });

  it('ends a hung call at the deadline with a timeout error', async () => {
    const { router, adapters, clock } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    adapters.openai?.addFault({ kind: 'timeout' });
    const start = clock.now();
    const error = (await router
      .route(intent(), 'cost', { deadlineMs: 3_000 })
      .catch((e: unknown) => e)) as RouterError;
    expect(error.category).toBe('timeout');
    expect(clock.now() - start).toBeLessThanOrEqual(3_000);
  });

  it('ends with aborted when the caller aborts, mid-call or before', async () => {
    const { router, clock } = await createFixture(
      { openai: { keys: { 'sk-a-0000001': { latencyMs: 5_000 } } } },
      { autoAdvance: false },
    );
    const controller = new AbortController();
    const pending = router.route(intent(), 'cost', { signal: controller.signal }).catch((e: unknown) => e);
    await clock.advance(1_000);
    controller.abort();
    const error = (await pending) as RouterError;
    expect(RouterError.isInstance(error)).toBe(true);
    expect(error.category).toBe('aborted');
    await expect(router.route(intent(), 'cost', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      category: 'aborted',
    });
  });

  it('does not start a call that cannot finish before the deadline', async () => {
    const { router, adapters } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { latencyMs: 4_000 } } },
    });
    await router.route(intent(), 'cost');
    const error = (await router
      .route(intent(), 'cost', { deadlineMs: 1_000 })
      .catch((e: unknown) => e)) as RouterError;
    expect(error.category).toBe('no_eligible_keys');
    expect(error.explanation?.candidates[0]?.exclusion).toMatchObject({ code: 'constraint' });
    expect(error.explanation?.candidates[0]?.exclusion?.detail).toContain('more than the time left');
    expect(Object.values(adapters.openai?.stats() ?? {})[0]?.requests).toBe(1);
  });

  it('respects maxAttempts', async () => {
    const { router, adapters } = await createFixture({
      openai: { keys: { 'sk-a-0000001': {}, 'sk-b-0000001': {}, 'sk-c-0000001': {} } },
    });
    adapters.openai?.addFault({ kind: 'server_error', times: 10 });
    const error = (await router
      .route(intent(), 'cost', { maxAttempts: 2 })
      .catch((e: unknown) => e)) as RouterError;
    expect(error.category).toBe('provider');
    expect(error.explanation?.attempts).toHaveLength(2);
  });
});
