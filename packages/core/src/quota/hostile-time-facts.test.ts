import type { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import type { AdapterCall, ProviderAdapter, RateLimitObservation } from '../index.js';
import { createFixture, intent } from '../router/router-fixture.test-helpers.js';

const DAY = 86_400_000;

/** The fake adapter, with every response's rate-limit facts replaced by `facts(now)`. */
function withFacts(fake: FakeAdapter, facts: (now: number) => RateLimitObservation): ProviderAdapter {
  return {
    specificationVersion: fake.specificationVersion,
    id: fake.id,
    capabilities: fake.capabilities,
    execute: async (call: AdapterCall) => ({
      ...(await fake.execute(call)),
      rateLimits: facts(call.clock.now()),
    }),
    stream: (call) => fake.stream(call),
    parseRateLimits: (headers, now) => fake.parseRateLimits(headers, now),
    classifyError: (error, context) => fake.classifyError(error, context),
  };
}

describe('hostile upstream time facts', () => {
  for (const retryAfterMs of [1e16, 1e306, Number.POSITIVE_INFINITY]) {
    it(`a retry-after of ${retryAfterMs} ms cannot break route(), explain() or snapshot → restore`, async () => {
      const { router, clock, keys } = await createFixture({
        openai: {
          keys: { 'sk-a-0000001': { label: 'a' }, 'sk-b-0000001': { label: 'b' } },
          adapter: { faults: [{ kind: 'rate_limit', key: 'sk-a-0000001', delayMs: retryAfterMs }] },
        },
      });
      const a = keys.a?.id as string;
      // Fairness tries a first on a fresh router; its 429 throttles it and the request fails over to b.
      for (let i = 0; i < 2; i++) await router.route(intent(), 'fairness');
      const throttled = router.getKey(a);
      expect(throttled?.state).toBe('throttled');
      expect(Number.isFinite(throttled?.until ?? Number.NaN)).toBe(true);
      expect((throttled?.until ?? Number.NaN) - clock.now()).toBeLessThanOrEqual(31 * DAY);
      expect((await router.route(intent(), 'fairness')).keyUsed).toBe(keys.b?.id);
      expect(JSON.stringify(router.explain(intent(), 'fairness'))).toContain('throttled');
      const copy = JSON.parse(JSON.stringify(router.snapshot()));
      expect(router.restore(copy)).toBe(2);
      expect(router.getKey(a)?.state).toBe('throttled');
      await router.route(intent(), 'fairness');
    });
  }

  it('a reset instant of 1e306 in rate-limit headers cannot break the fit check or explanations', async () => {
    const { router, adapters, keys, clock } = await createFixture({
      hostile: { keys: { 'sk-h-0000001': { label: 'h' } } },
    });
    const fake = adapters.hostile as FakeAdapter;
    await router.registerProvider(
      'hostile',
      withFacts(fake, () => ({
        dimensions: [{ dimension: 'requests_per_minute', limit: 10, remaining: 0, resetAt: 1e306 }],
        exhaustedUntil: Number.POSITIVE_INFINITY,
      })),
    );
    await router.route(intent(), 'cost');
    const explanation = router.explain(intent(), 'cost');
    expect(String(explanation)).not.toMatch(/Invalid/);
    const quota = await router.quota.getQuotaState(keys.h?.id as string);
    expect((quota.blockedUntil ?? 0) - clock.now()).toBeLessThanOrEqual(31 * DAY);
    await expect(router.route(intent(), 'cost', { deadlineMs: 1_000 })).rejects.toMatchObject({
      category: 'no_eligible_keys',
    });
  });

  it('a fractional learned limit (limit-tokens: 0.5) does not disable a key for good', async () => {
    const { router, adapters, clock } = await createFixture({
      hostile: { keys: { 'sk-h-0000001': { label: 'h' } } },
    });
    const fake = adapters.hostile as FakeAdapter;
    await router.registerProvider(
      'hostile',
      withFacts(fake, (now) => ({
        dimensions: [{ dimension: 'tokens_per_minute', limit: 0.5, remaining: 0, resetAt: now + 1_000 }],
      })),
    );
    await router.route(intent(), 'cost');
    await clock.advance(2_000);
    for (let i = 0; i < 3; i++) expect((await router.route(intent(), 'cost')).content).toBeTruthy();
  });
});
