import { ApiKeyRouter, type RouterStores, SystemClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';

/** The intent every shared-state benchmark routes. */
export const BENCH_INTENT = {
  model: 'gpt-bench',
  messages: [{ role: 'user' as const, content: 'Summarise the plot of Hamlet in one sentence.' }],
  parameters: { maxTokens: 64 },
};

/**
 * A router on the given stores with 10 keys behind an instant in-process fake, every key with large declared
 * limits (so each request reserves and commits quota in the store) and one global hard budget far away.
 *
 * @example
 * const router = await sharedRouter(await createRedisStores({ url }));
 */
export async function sharedRouter(stores: RouterStores | undefined, budget: boolean): Promise<ApiKeyRouter> {
  const clock = new SystemClock();
  const materials = Array.from({ length: 10 }, (_, i) => `sk-shared-${i}`);
  const fake = new FakeAdapter({
    id: 'bench',
    clock,
    keys: Object.fromEntries(materials.map((m) => [m, {}])),
    reportRateLimits: false,
  });
  const router = new ApiKeyRouter({ clock, ...(stores === undefined ? {} : { stores }) });
  await router.registerProvider('bench', fake);
  router.costController.setModelPrice('gpt-bench', { inputPerMillion: '0.15', outputPerMillion: '0.60' });
  for (const material of materials) {
    await router.registerKey(material, 'bench', { limits: { rpm: 1_000_000_000, tpm: 1_000_000_000 } });
  }
  if (budget && router.costController.listBudgets().length === 0) {
    await router.costController.createBudget({
      scope: 'global',
      limit: '1000000',
      period: 'day',
      enforcementMode: 'hard',
    });
  }
  return router;
}

/**
 * Routes `count` requests, `concurrency` at a time; returns each request's latency in µs.
 *
 * @example
 * const latencies = await routeMany(router, 1_000, 64);
 */
export async function routeMany(router: ApiKeyRouter, count: number, concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      next++;
      const start = performance.now();
      await router.route(BENCH_INTENT, 'balanced');
      latencies.push((performance.now() - start) * 1000);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return latencies;
}
