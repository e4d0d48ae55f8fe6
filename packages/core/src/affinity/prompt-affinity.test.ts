import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiKeyRouter, RouterError, VirtualClock } from '../index.js';
import { createFixture } from '../router/router-fixture.test-helpers.js';
import { resolveAffinityOptions } from './affinity-options.js';
import { PromptAffinity } from './prompt-affinity.js';

const KEYS = {
  'sk-aff-a-00001': { label: 'a' },
  'sk-aff-b-00001': { label: 'b' },
  'sk-aff-c-00001': { label: 'c' },
};

function chat(user: string, extra: Record<string, unknown> = {}) {
  return {
    model: 'gpt-test',
    messages: [
      { role: 'system' as const, content: 'You are the support bot of ACME. Answer briefly.' },
      { role: 'user' as const, content: user },
    ],
    parameters: { maxTokens: 20 },
    ...extra,
  };
}

async function world(options: Parameters<typeof createFixture>[1] = {}, keys: typeof KEYS = KEYS) {
  return createFixture({ fake: { keys } }, options);
}

describe('prompt-cache affinity', () => {
  it('keeps requests with one affinityKey on one key while fairness alone rotates them', async () => {
    const { router } = await world();
    const rotated = new Set<string>();
    for (let i = 0; i < 6; i++) rotated.add((await router.route(chat(`q${i}`), 'fairness')).keyId);
    expect(rotated.size).toBe(3);

    const sticky: string[] = [];
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await router.route(chat(`q${i}`, { affinityKey: 'tenant-1' }), 'fairness');
      sticky.push(res.keyId);
      outcomes.push(res.explanation.affinity?.outcome ?? 'none');
    }
    expect(new Set(sticky).size).toBe(1);
    expect(outcomes).toEqual(['new', 'used', 'used', 'used', 'used', 'used']);
    // A second prefix is placed by normal scoring, so prefixes still spread over the keys.
    const other = await router.route(chat('x', { affinityKey: 'tenant-2' }), 'fairness');
    expect(other.keyId).not.toBe(sticky[0]);
    const res = await router.route(chat('y', { affinityKey: 'tenant-1' }), 'fairness');
    expect(String(res.explanation)).toContain('affinity used');
    expect(res.explanation.toJSON().affinity).toMatchObject({ outcome: 'used', keyId: sticky[0] });
  });

  it('derives the affinity from the system prompt when the router is told to', async () => {
    const { router } = await world({ affinity: { derive: 'system' } });
    const keys = new Set<string>();
    for (let i = 0; i < 5; i++) keys.add((await router.route(chat(`question ${i}`), 'fairness')).keyId);
    expect(keys.size).toBe(1);
    const plain = await router.route(
      { model: 'gpt-test', messages: [{ role: 'user', content: 'no system prompt' }] },
      'fairness',
    );
    expect(plain.explanation.affinity).toBeUndefined();

    const byPrefix = (await world({ affinity: { derive: 'prefix', prefixChars: 40 } })).router;
    const long = 'A long shared conversation start that is the cacheable prefix. ';
    const prefixKeys = new Set<string>();
    for (let i = 0; i < 4; i++)
      prefixKeys.add(
        (
          await byPrefix.route(
            { ...chat(`${long}${i}`), messages: [{ role: 'user' as const, content: `${long}${i}` }] },
            'fairness',
          )
        ).keyId,
      );
    expect(prefixKeys.size).toBe(1);

    const off = (await world()).router;
    expect((await off.route(chat('q'), 'fairness')).explanation.affinity).toBeUndefined();
  });

  it('falls back to normal scoring when the bound key is disabled, throttled or invalid, and says why', async () => {
    const { router, adapters } = await world();
    const first = await router.route(chat('q', { affinityKey: 't' }), 'fairness');
    const bound = first.keyId;

    await router.disableKey(bound);
    const disabled = await router.route(chat('q', { affinityKey: 't' }), 'fairness');
    expect(disabled.keyId).not.toBe(bound);
    expect(disabled.explanation.affinity).toMatchObject({ outcome: 'fallback', keyId: bound });
    expect(disabled.explanation.affinity?.reason).toContain('state');
    // The key that served it is bound now.
    const rebound = disabled.keyId;
    expect((await router.route(chat('q', { affinityKey: 't' }), 'fairness')).keyId).toBe(rebound);

    // Bound key answers 429: failover by normal scoring, the key is throttled, the next key is bound.
    const material = Object.keys(KEYS).find(
      (m) => router.getKey(rebound)?.label === KEYS[m as keyof typeof KEYS].label,
    );
    adapters.fake?.addFault({ kind: 'rate_limit', key: material as string, delayMs: 30_000 });
    const throttled = await router.route(chat('q', { affinityKey: 't' }), 'fairness');
    expect(throttled.keyId).not.toBe(rebound);
    expect(router.getKey(rebound)?.state).toBe('throttled');
    expect(throttled.explanation.affinity?.outcome).toBe('fallback');
    const next = await router.route(chat('q', { affinityKey: 't' }), 'fairness');
    expect(next.explanation.affinity).toMatchObject({ outcome: 'used', keyId: throttled.keyId });

    // Bound key turns out invalid (401): same story.
    const third = throttled.keyId;
    const thirdMaterial = Object.keys(KEYS).find(
      (m) => router.getKey(third)?.label === KEYS[m as keyof typeof KEYS].label,
    );
    await router.enableKey(bound);
    adapters.fake?.addFault({ kind: 'unauthorized', key: thirdMaterial as string });
    const invalid = await router.route(chat('q', { affinityKey: 't' }), 'fairness');
    expect(router.getKey(third)?.state).toBe('invalid');
    expect(invalid.keyId).toBe(bound);
    expect(invalid.explanation.affinity).toMatchObject({ outcome: 'fallback', keyId: third });
  });

  it('leaves a bound key whose quota runs low, with no upstream 429', async () => {
    const limited = {
      'sk-aff-a-00001': { label: 'a', rpm: 10, options: { limits: { rpm: 10 } } },
      'sk-aff-b-00001': { label: 'b', rpm: 10, options: { limits: { rpm: 10 } } },
    };
    for (const [minHeadroom, why] of [
      [undefined, 'bound key excluded (quota'],
      [0.3, 'headroom'],
    ] as const) {
      const { router, adapters } = await createFixture(
        { fake: { keys: limited } },
        minHeadroom === undefined ? {} : { affinity: { minHeadroom } },
      );
      const reasons: string[] = [];
      const used = new Set<string>();
      for (let i = 0; i < 14; i++) {
        const res = await router.route(chat(`q${i}`, { affinityKey: 't' }), 'fairness');
        used.add(res.keyId);
        reasons.push(res.explanation.affinity?.reason ?? '');
      }
      expect(used.size).toBe(2);
      expect(reasons.some((r) => r.includes(why) && r.includes('normal scoring'))).toBe(true);
      const stats = adapters.fake?.stats() ?? {};
      expect(Object.values(stats).reduce((sum, s) => sum + s.rateLimited, 0)).toBe(0);
    }
  });

  it('forgets a prefix after its TTL and beyond its bound (least recently used first)', async () => {
    const { router, clock } = await world({ affinity: { maxEntries: 50, ttlMs: 60_000 } });
    await router.route(chat('q', { affinityKey: 'old' }), 'fairness');
    await clock.advance(60_001);
    expect(
      (await router.route(chat('q', { affinityKey: 'old' }), 'fairness')).explanation.affinity?.outcome,
    ).toBe('new');

    for (let i = 0; i < 200; i++) await router.route(chat('q', { affinityKey: `k${i}` }), 'fairness');
    expect(
      (await router.route(chat('q', { affinityKey: 'k0' }), 'fairness')).explanation.affinity?.outcome,
    ).toBe('new');
    expect(
      (await router.route(chat('q', { affinityKey: 'k199' }), 'fairness')).explanation.affinity?.outcome,
    ).toBe('used');
  });

  it('holds at most maxEntries prefixes under 100,000 distinct keys', () => {
    const affinity = new PromptAffinity(new VirtualClock(), resolveAffinityOptions());
    for (let i = 0; i < 100_000; i++)
      affinity.remember(affinity.digestOf({ model: 'm', affinityKey: `user-${i}` }), 'm', 'key_1');
    expect(affinity.size).toBe(10_000);
  });

  it('never shows the affinity key or the prompt, and validates affinity input', async () => {
    const { router } = await world({ affinity: { derive: 'system' } });
    const canary = 'sk-canary-affinity-0123456789';
    const res = await router.route(chat('q', { affinityKey: canary }), 'fairness');
    const text = JSON.stringify(res.explanation) + String(res.explanation);
    expect(text).not.toContain(canary);
    expect(text).not.toContain('support bot');
    expect(res.explanation.affinity?.digest).toMatch(/^[0-9a-f]{12}$/);

    for (const affinityKey of ['', 'x'.repeat(1025), 42, null]) {
      await expect(router.route(chat('q', { affinityKey }) as never, 'fairness')).rejects.toMatchObject({
        category: 'validation',
      });
    }
    for (const affinity of [{ derive: 'everything' }, { maxEntries: 0 }, { minHeadroom: 2 }, { other: 1 }]) {
      expect(() => new ApiKeyRouter({ affinity } as never)).toThrow(RouterError);
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 1024 }), async (affinityKey) => {
        const ok = await router.route(chat('q', { affinityKey }), 'fairness');
        expect(ok.explanation.affinity?.outcome).toMatch(/^(new|used)$/);
      }),
      { numRuns: 50 },
    );
  });
});
