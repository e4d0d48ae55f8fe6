import { describe, expect, it } from 'vitest';
import { NoEligibleKeysError, type RouterError } from '../index.js';
import { runPoissonLoad } from './load-simulation.test-helpers.js';
import { createFixture, intent } from './router-fixture.test-helpers.js';

const HOUR = 3_600_000;

function upstream429s(stats: Record<string, { rateLimited: number }> | undefined): number {
  return Object.values(stats ?? {}).reduce((n, s) => n + s.rateLimited, 0);
}

describe('quota-aware routing', () => {
  it('declared limits honest: zero upstream 429s and no client failure in a simulated hour at 90 % load', async () => {
    const hidden = { rpm: 60, tpm: 6_000, latencyMs: 300 };
    const { router, adapters, clock } = await createFixture({
      openai: {
        keys: {
          'sk-a-0000001': { ...hidden, options: { limits: { rpm: 60, tpm: 6_000 } } },
          'sk-b-0000001': { ...hidden, options: { limits: { rpm: 60, tpm: 6_000 } } },
          'sk-c-0000001': { ...hidden, options: { limits: { rpm: 60, tpm: 6_000 } } },
        },
      },
    });
    const result = await runPoissonLoad(router, clock, { perMinute: 0.9 * 180, durationMs: HOUR });
    expect(result.responses.length).toBeGreaterThan(9_000);
    expect(upstream429s(adapters.openai?.stats())).toBe(0);
    expect(result.errors).toEqual([]);
  }, 60_000);

  it('a large group of alike keys (screened least recently picked first): zero upstream 429s at 120 % load, every key serving', async () => {
    const hidden = { rpm: 6, latencyMs: 300 };
    const keys = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `sk-rot-${i.toString().padStart(7, '0')}`,
        { ...hidden, options: { limits: { rpm: 6 } } },
      ]),
    );
    const { router, adapters, clock } = await createFixture({ openai: { keys } });
    const result = await runPoissonLoad(router, clock, { perMinute: 1.2 * 40 * 6, durationMs: 10 * 60_000 });
    expect(upstream429s(adapters.openai?.stats())).toBe(0);
    // Capacity is 240 a minute: most of the 288 a minute are served, spread over every key.
    expect(result.responses.length).toBeGreaterThan(0.9 * 240 * 10);
    expect(new Set(result.responses.map((res) => res.explanation.chosenKeyId)).size).toBe(40);
  }, 60_000);

  it('undeclared limits: learns them from headers and upstream 429s stop within a few responses', async () => {
    const hidden = { rpm: 60, latencyMs: 300 };
    const { router, adapters, clock } = await createFixture({
      openai: { keys: { 'sk-a-0000001': hidden, 'sk-b-0000001': hidden } },
    });
    const firstMinutes = await runPoissonLoad(router, clock, {
      perMinute: 100,
      durationMs: 5 * 60_000,
      seed: 7,
    });
    const early = upstream429s(adapters.openai?.stats());
    const rest = await runPoissonLoad(router, clock, { perMinute: 100, durationMs: 55 * 60_000, seed: 9 });
    const late = upstream429s(adapters.openai?.stats()) - early;
    expect(early).toBeLessThanOrEqual(5);
    expect(late).toBe(0);
    expect(firstMinutes.errors.length + rest.errors.length).toBe(0);
    const state = await router.quota.getQuotaState(router.listKeys()[0]?.id as string);
    expect(state.dimensions.find((d) => d.name === 'requests_per_minute')).toMatchObject({
      limit: 60,
      source: 'learned',
    });
  }, 60_000);

  it('queues a request until a saturated key frees up within its deadline', async () => {
    const { router, clock } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { rpm: 2, options: { limits: { rpm: 2 } } } } },
    });
    await router.route(intent(), 'cost');
    await router.route(intent(), 'cost');
    const start = clock.now();
    const res = await router.route(intent(), 'cost', { deadlineMs: 90_000 });
    expect(res.attempts).toBe(1);
    expect(clock.now() - start).toBeGreaterThan(50_000);
    expect(res.explanation.attempts[0]?.waitedMs).toBeGreaterThan(50_000);
  });

  it('fails fast with NoEligibleKeysError and retryAfterMs when no key frees up in time', async () => {
    const { router, clock } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { rpm: 2, options: { limits: { rpm: 2 } } } } },
    });
    await router.route(intent(), 'cost');
    await router.route(intent(), 'cost');
    const start = clock.now();
    const error = (await router
      .route(intent(), 'cost', { deadlineMs: 5_000 })
      .catch((e: unknown) => e)) as RouterError;
    expect(error).toBeInstanceOf(NoEligibleKeysError);
    expect(clock.now()).toBe(start);
    expect(error.retryAfterMs).toBeGreaterThan(50_000);
    expect(error.explanation?.candidates[0]?.exclusion?.code).toBe('quota');
  });
});
