import { FakeAdapter } from '@apikeyrouter/testkit';
import { describe, expect, it } from 'vitest';
import { ApiKeyRouter, type ProviderAdapter, VirtualClock } from '../index.js';
import { intent } from '../router/router-fixture.test-helpers.js';

/** A deterministic pseudo-random stream (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The fake adapter as an instant in-process call looks on a millisecond clock: most calls take 0 ms, one in
 * five ticks over to 1 ms — the same noise for every key.
 */
function noisy(fake: FakeAdapter, clock: VirtualClock, random: () => number): ProviderAdapter {
  return {
    specificationVersion: fake.specificationVersion,
    id: fake.id,
    capabilities: fake.capabilities,
    execute: async (call) => {
      if (random() < 0.2) await clock.advance(1);
      return fake.execute(call);
    },
    stream: (call) => fake.stream(call),
    parseRateLimits: (headers, now) => fake.parseRateLimits(headers, now),
    classifyError: (error, context) => fake.classifyError(error, context),
  };
}

describe('balanced objective with identical keys', () => {
  for (const [label, concurrency] of [
    ['one at a time', 1],
    ['eight at a time', 8],
  ] as const) {
    it(`shares load: no key serves more than twice its fair share of 1,000 requests (${label})`, async () => {
      const clock = new VirtualClock();
      const router = new ApiKeyRouter({ clock });
      const materials = Array.from({ length: 10 }, (_, i) => `sk-same-${String(i).padStart(7, '0')}`);
      const fake = new FakeAdapter({
        id: 'openai',
        clock,
        keys: Object.fromEntries(materials.map((m) => [m, {}])),
      });
      await router.registerProvider('openai', noisy(fake, clock, seeded(7)));
      for (const material of materials) await router.registerKey(material, 'openai');
      const served = new Map<string, number>();
      for (let sent = 0; sent < 1_000; sent += concurrency) {
        const wave = Array.from({ length: concurrency }, () => router.route(intent(), 'balanced'));
        for (const response of await Promise.all(wave)) {
          served.set(response.keyUsed, (served.get(response.keyUsed) ?? 0) + 1);
        }
      }
      console.log(
        label,
        [...served.values()].sort((a, b) => b - a).join(','),
        router
          .listKeys()
          .map((k) => k.stats.latencyMs)
          .join(','),
      );
      expect(served.size).toBe(10);
      expect(Math.max(...served.values())).toBeLessThanOrEqual(200);
    });
  }
});
