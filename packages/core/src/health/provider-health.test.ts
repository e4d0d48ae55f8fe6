import { describe, expect, it } from 'vitest';
import { ApiKeyRouter, type ProviderHealthTransition, RouterError } from '../index.js';
import { createFixture } from '../router/router-fixture.test-helpers.js';

const OPENAI_KEYS = {
  'sk-oa-a-000001': { label: 'a' },
  'sk-oa-b-000001': { label: 'b' },
  'sk-oa-c-000001': { label: 'c' },
};

function chat(extra: Record<string, unknown> = {}) {
  return {
    model: 'openai/gpt-test',
    messages: [{ role: 'user' as const, content: 'hello world' }],
    parameters: { maxTokens: 20 },
    fallbackModels: ['anthropic/claude-test'],
    ...extra,
  };
}

async function outageWorld(options: Parameters<typeof createFixture>[1] = {}) {
  const world = await createFixture(
    {
      openai: { keys: OPENAI_KEYS },
      anthropic: { keys: { 'sk-an-z-000001': { label: 'z' } } },
    },
    options,
  );
  const transitions: ProviderHealthTransition[] = [];
  world.router.on('providerHealthChanged', (t) => transitions.push(t));
  const openaiCalls = () =>
    Object.values(world.adapters.openai?.stats() ?? {}).reduce((sum, s) => sum + s.requests, 0);
  return { ...world, transitions, openaiCalls };
}

describe('provider health circuit', () => {
  it('opens after an outage across three keys, fails fast to the fallback model, probes once and recovers', async () => {
    const { router, adapters, keys, clock, transitions, openaiCalls } = await outageWorld();
    // Four overloads: the three keys of the first request, then the first probe.
    adapters.openai?.addFault({ kind: 'overloaded', times: 4 });

    const first = await router.route(chat(), 'cost');
    expect(first.providerId).toBe('anthropic');
    expect(first.explanation.attempts.map((a) => [a.providerId, a.outcome])).toEqual([
      ['openai', 'error'],
      ['openai', 'error'],
      ['openai', 'error'],
      ['anthropic', 'success'],
    ]);
    expect(transitions.map((t) => [t.providerId, t.from, t.to])).toEqual([['openai', 'closed', 'open']]);
    expect(transitions[0]?.reason).toContain('3 of 3 calls failed on 3 keys');
    expect(transitions[0]?.until).toBe(clock.now() + 15_000);
    // The keys answer for none of it: no key left `available`.
    for (const label of ['a', 'b', 'c'])
      expect(router.getKey(keys[label]?.id as string)?.state).toBe('available');
    expect(router.getKeyHistory(keys.c?.id as string)).toEqual([]);

    // Straight to the fallback: no call to the provider that is down, and the explanation says why.
    const callsBefore = openaiCalls();
    const second = await router.route(chat(), 'cost');
    expect(second.providerId).toBe('anthropic');
    expect(second.attempts).toBe(1);
    expect(openaiCalls()).toBe(callsBefore);
    const excluded = second.explanation.candidates.filter((c) => c.providerId === 'openai');
    expect(excluded).toHaveLength(3);
    for (const candidate of excluded) {
      expect(candidate.exclusion?.code).toBe('provider');
      expect(candidate.exclusion?.detail).toContain('provider openai circuit open');
    }
    expect(String(second.explanation)).toContain('provider: 3');
    const dry = await router.explain(chat(), 'cost');
    expect(dry.candidates.filter((c) => c.exclusion?.code === 'provider')).toHaveLength(3);

    // Cool-down over: one probe, which fails, reopens the circuit with a doubled cool-down.
    await clock.advance(15_000);
    const probeFailed = await router.route(chat(), 'cost');
    expect(probeFailed.explanation.attempts.map((a) => a.providerId)).toEqual(['openai', 'anthropic']);
    expect(transitions.slice(1).map((t) => [t.from, t.to])).toEqual([
      ['open', 'half_open'],
      ['half_open', 'open'],
    ]);
    expect(transitions[2]?.until).toBe(clock.now() + 30_000);
    expect(transitions[2]?.reason).toContain('probe on');

    // Next cool-down over: three requests at once, exactly one probe reaches the provider; it succeeds.
    await clock.advance(30_000);
    const before = openaiCalls();
    const batch = await Promise.all([
      router.route(chat(), 'cost'),
      router.route(chat(), 'cost'),
      router.route(chat(), 'cost'),
    ]);
    expect(openaiCalls() - before).toBe(1);
    expect(batch.map((r) => r.providerId).sort()).toEqual(['anthropic', 'anthropic', 'openai']);
    const waited = batch.find((r) => r.providerId === 'anthropic');
    expect(
      waited?.explanation.candidates.some((c) => c.exclusion?.detail.includes('half-open: probe in flight')),
    ).toBe(true);
    expect(transitions.slice(3).map((t) => [t.from, t.to])).toEqual([
      ['open', 'half_open'],
      ['half_open', 'closed'],
    ]);

    // Recovered: the provider serves again, every key of it.
    const after = await router.route(chat(), 'cost');
    expect(after.providerId).toBe('openai');
    expect(after.attempts).toBe(1);
  });

  it('does not open for a single bad key: that key fails on its own', async () => {
    const { router, adapters, keys, transitions } = await outageWorld({
      defaults: { retry: { baseDelayMs: 1, maxDelayMs: 1 } },
    });
    adapters.openai?.addFault({
      kind: 'server_error',
      key: 'sk-oa-a-000001',
      times: Number.POSITIVE_INFINITY,
    });
    for (let i = 0; i < 12; i++) {
      const res = await router.route(chat(), 'fairness');
      expect(res.providerId).toBe('openai');
    }
    expect(transitions).toEqual([]);
    expect(router.getKey(keys.a?.id as string)?.state).toBe('failing');
    expect(router.getKey(keys.b?.id as string)?.state).toBe('available');
  });

  it('leaves 429 and 401 to the keys', async () => {
    const { router, adapters, keys, transitions } = await outageWorld();
    for (const key of Object.keys(OPENAI_KEYS))
      adapters.openai?.addFault({ kind: 'rate_limit', key, delayMs: 5_000 });
    const throttled = await router.route(chat(), 'cost');
    expect(throttled.providerId).toBe('anthropic');
    for (const label of ['a', 'b', 'c'])
      expect(router.getKey(keys[label]?.id as string)?.state).toBe('throttled');
    expect(transitions).toEqual([]);

    adapters.anthropic?.addFault({ kind: 'unauthorized' });
    await expect(
      router.route(chat({ model: 'anthropic/claude-test', fallbackModels: [] }), 'cost'),
    ).rejects.toMatchObject({
      category: 'authentication',
    });
    expect(transitions).toEqual([]);
  });

  it('does not trip while most calls still succeed (failure rate below the threshold)', async () => {
    const { router, adapters, transitions } = await outageWorld({
      defaults: { retry: { baseDelayMs: 1, maxDelayMs: 1 } },
    });
    for (let i = 0; i < 20; i++) await router.route(chat(), 'fairness');
    // Three failures on three keys, but against 20 successes in the same window.
    for (const key of Object.keys(OPENAI_KEYS)) adapters.openai?.addFault({ kind: 'server_error', key });
    for (let i = 0; i < 3; i++) await router.route(chat(), 'fairness');
    expect(transitions).toEqual([]);
  });

  it('can be tuned or turned off, and rejects bad thresholds as validation errors', async () => {
    const off = await outageWorld({ providerHealth: false });
    off.adapters.openai?.addFault({ kind: 'overloaded', times: 6 });
    await off.router.route(chat(), 'cost');
    // Without a provider circuit the second request tries every key of the provider again.
    const again = await off.router.route(chat(), 'cost');
    expect(again.attempts).toBe(4);
    expect(off.transitions).toEqual([]);

    const strict = await outageWorld({ providerHealth: { minFailures: 2, minKeys: 2, cooldownMs: 1_000 } });
    strict.adapters.openai?.addFault({ kind: 'overloaded', times: 2 });
    const res = await strict.router.route(chat(), 'cost');
    expect(res.explanation.attempts.map((a) => a.providerId)).toEqual(['openai', 'openai', 'anthropic']);
    expect(strict.transitions[0]?.until).toBe(strict.clock.now() + 1_000);

    for (const providerHealth of [
      { minKeys: 0 },
      { failureRate: 2 },
      { cooldownMs: -1 },
      { nope: 1 },
      'on',
    ]) {
      expect(() => new ApiKeyRouter({ providerHealth } as never)).toThrow(RouterError);
    }
  });
});
