import { describe, expect, it } from 'vitest';
import { createFixture, intent } from './router-fixture.test-helpers.js';

async function countKeys(
  route: () => Promise<{ keyId: string }>,
  times: number,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < times; i++) {
    const { keyId } = await route();
    counts.set(keyId, (counts.get(keyId) ?? 0) + 1);
  }
  return counts;
}

describe('objectives pick the key they should', () => {
  it('cost: the key with the cheapest price for the model', async () => {
    const { router, keys } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'pricey' } } },
      groq: { keys: { 'sk-b-0000001': { label: 'cheap' } } },
    });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '5', outputPerMillion: '15' });
    router.costController.setModelPrice(
      'gpt-test',
      { inputPerMillion: '0.5', outputPerMillion: '1.5' },
      { keyId: keys.cheap?.id as string },
    );
    const counts = await countKeys(() => router.route(intent(), 'cost'), 20);
    expect(counts.get(keys.cheap?.id as string)).toBe(20);
    const why = await router.explain(intent(), 'cost');
    expect(why.chosen?.scores?.cost).toBe(1);
    expect(why.candidates.find((c) => c.keyId === keys.pricey?.id)?.scores?.cost).toBeCloseTo(0.1, 5);
  });

  it('latency: the key that has been answering fastest', async () => {
    const { router, keys } = await createFixture({
      openai: {
        keys: {
          'sk-a-0000001': { label: 'slow', latencyMs: 900 },
          'sk-b-0000001': { label: 'fast', latencyMs: 100 },
        },
      },
    });
    await countKeys(() => router.route(intent(), 'fairness'), 6);
    const counts = await countKeys(() => router.route(intent(), 'latency'), 20);
    expect(counts.get(keys.fast?.id as string)).toBe(20);
    expect((await router.explain(intent(), 'latency')).chosen?.scores?.latency).toBe(1);
  });

  it('reliability: away from the key that has been failing', async () => {
    const { router, adapters, keys } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'flaky' }, 'sk-b-0000001': { label: 'solid' } } },
    });
    adapters.openai?.addFault({ kind: 'server_error', key: 'sk-a-0000001', times: 2 });
    await countKeys(() => router.route(intent(), 'fairness'), 6);
    const counts = await countKeys(() => router.route(intent(), 'reliability'), 10);
    expect(counts.get(keys.solid?.id as string)).toBe(10);
  });

  it('fairness: traffic in proportion to key weights', async () => {
    const { router, keys } = await createFixture({
      openai: {
        keys: {
          'sk-a-0000001': { label: 'double', options: { weight: 2 } },
          'sk-b-0000001': { label: 'single' },
          'sk-c-0000001': { label: 'single-2' },
        },
      },
    });
    const counts = await countKeys(() => router.route(intent(), 'fairness'), 400);
    const double = counts.get(keys.double?.id as string) ?? 0;
    const single = counts.get(keys.single?.id as string) ?? 0;
    const single2 = counts.get(keys['single-2']?.id as string) ?? 0;
    expect(double).toBeGreaterThan(180);
    expect(double).toBeLessThan(220);
    expect(Math.abs(single - single2)).toBeLessThanOrEqual(10);
  });

  it('quality: the provider whose model scores higher', async () => {
    const { router, keys } = await createFixture({
      together: { keys: { 'sk-a-0000001': { label: 'together' } } },
      groq: { keys: { 'sk-b-0000001': { label: 'groq' } } },
    });
    router.setModelQuality('together/llama-test', 0.9);
    router.setModelQuality('groq/llama-test', 0.6);
    const counts = await countKeys(() => router.route(intent('llama-test'), 'quality'), 10);
    expect(counts.get(keys.together?.id as string)).toBe(10);
  });

  it('headroom: away from a key close to its declared limit', async () => {
    const { router, keys } = await createFixture({
      openai: {
        keys: {
          'sk-a-0000001': { label: 'small', options: { limits: { rpm: 10 } } },
          'sk-b-0000001': { label: 'large', options: { limits: { rpm: 1000 } } },
        },
      },
    });
    const counts = await countKeys(
      () => router.route(intent(), { primary: 'balanced', weights: { headroom: 1 } }),
      20,
    );
    expect(counts.get(keys.large?.id as string)).toBeGreaterThanOrEqual(18);
  });

  it('constraints exclude candidates with a reason', async () => {
    const { router, keys } = await createFixture({
      openai: {
        keys: {
          'sk-a-0000001': { label: 'eu', options: { tags: { region: 'eu' } } },
          'sk-b-0000001': { label: 'us', options: { tags: { region: 'us' } } },
        },
      },
      groq: { keys: { 'sk-c-0000001': { label: 'groq' } } },
    });
    const why = await router.explain(intent(), {
      primary: 'cost',
      constraints: { keyTags: { region: 'eu' }, excludeProviders: ['groq'] },
    });
    expect(why.chosenKeyId).toBe(keys.eu?.id);
    expect(why.candidates.find((c) => c.keyId === keys.us?.id)?.exclusion?.code).toBe('constraint');
    expect(why.candidates.find((c) => c.keyId === keys.groq?.id)?.exclusion?.detail).toContain('groq');
  });
});
