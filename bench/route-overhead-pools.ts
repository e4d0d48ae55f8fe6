import { ApiKeyRouter, type KeyOptions, SystemClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';

/** The kinds of key pool the route-overhead benchmark measures. */
export type PoolKind = 'identical' | 'mixed';

/** A router with its keys registered, and the models its requests ask for, in turn. */
export interface BenchPool {
  router: ApiKeyRouter;
  models: string[];
  /** One provider's fake and a material of it, for the direct-call baseline. */
  fake: FakeAdapter;
  material: string;
}

const PROVIDERS = 5;
const MODELS = 50;
const TIERS = ['gold', 'silver', 'bronze'];
const LIMITS: Array<KeyOptions['limits']> = [undefined, { rpm: 500 }, { rpm: 1_000, tpm: 400_000 }];

/** Deterministic pseudo-random integers (a bench must build the same pool every run). */
function lcg(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % below;
  };
}

/**
 * `identical`: one provider, every key alike (no model list, limits, tags). `mixed`: 5 providers and 50
 * models; each key serves 1–3 models of its provider's share, with one of three declared limits, a weight of
 * 1–3 and a tier tag, and every model its own price, so keys fall into many groups of different sizes.
 */
export async function buildPool(
  kind: PoolKind,
  keys: number,
  material: (i: number) => string,
  options: { fakeKeys?: boolean; beforeKeys?: () => void } = {},
): Promise<BenchPool> {
  const clock = new SystemClock();
  const router = new ApiKeyRouter({ clock });
  const providerCount = kind === 'identical' ? 1 : PROVIDERS;
  const materials = Array.from({ length: keys }, (_, i) => material(i));
  const fakes: FakeAdapter[] = [];
  for (let p = 0; p < providerCount; p++) {
    const own = materials.filter((_, i) => i % providerCount === p);
    const fake = new FakeAdapter({
      id: `bench-${p}`,
      clock,
      keys: options.fakeKeys === false ? {} : Object.fromEntries(own.map((m) => [m, {}])),
      reportRateLimits: false,
    });
    fakes.push(fake);
    await router.registerProvider(`bench-${p}`, fake);
  }
  options.beforeKeys?.();
  if (kind === 'identical') {
    for (const m of materials) await router.registerKey(m, 'bench-0');
    return { router, models: ['gpt-bench'], fake: fakes[0] as FakeAdapter, material: materials[0] as string };
  }
  const models = Array.from({ length: MODELS }, (_, i) => `bench-model-${i.toString().padStart(2, '0')}`);
  for (const [i, model] of models.entries()) {
    const input = (0.1 + (i % 10) * 0.35).toFixed(2);
    router.costController.setModelPrice(model, {
      inputPerMillion: input,
      outputPerMillion: (Number(input) * 4).toFixed(2),
    });
  }
  const random = lcg(12_345);
  for (const [i, m] of materials.entries()) {
    const provider = i % PROVIDERS;
    // Each provider serves 20 of the 50 models (overlapping with its neighbours).
    const served = Array.from(
      { length: 1 + random(3) },
      () => models[(provider * 10 + random(20)) % MODELS] as string,
    );
    const limits = LIMITS[random(LIMITS.length)];
    await router.registerKey(m, `bench-${provider}`, {
      models: [...new Set(served)],
      weight: 1 + random(3),
      tags: { tier: TIERS[random(TIERS.length)] as string },
      ...(limits ? { limits } : {}),
    });
  }
  return { router, models, fake: fakes[0] as FakeAdapter, material: materials[0] as string };
}
