import { ApiKeyRouter, type ObjectivePreset, type VirtualClock } from '@apikeyrouter/core';
import type { FakeAdapter } from '@apikeyrouter/testkit';
import type { SimMetrics } from './sim-metrics.js';
import { SIM_INTENT, SIM_KEYS } from './sim-world.js';

/** An ApiKeyRouter over the simulated keys, told their limits (`declared`) or left to learn them. */
export async function createSimRouter(
  fake: FakeAdapter,
  clock: VirtualClock,
  declared: boolean,
): Promise<ApiKeyRouter> {
  const router = new ApiKeyRouter({ clock, defaults: { deadlineMs: 30_000, maxQueued: 100_000 } });
  await router.registerProvider('sim', fake);
  for (const key of SIM_KEYS) {
    const info = await router.registerKey(key.material, 'sim', {
      label: key.label,
      ...(declared ? { limits: { rpm: key.spec.rpm, tpm: key.spec.tpm } } : {}),
    });
    router.costController.setModelPrice(
      'sim-model',
      { inputPerMillion: key.pricePerMillion, outputPerMillion: key.pricePerMillion },
      { keyId: info.id },
    );
  }
  return router;
}

/** Serves one client request through the router. */
export async function serveWithRouter(
  router: ApiKeyRouter,
  objective: ObjectivePreset,
  metrics: SimMetrics,
): Promise<void> {
  metrics.requests++;
  try {
    const res = await router.route(SIM_INTENT, objective);
    metrics.successes++;
    const callTime = res.explanation.attempts.reduce((sum, attempt) => sum + attempt.latencyMs, 0);
    metrics.queueDelays.push(Math.max(0, res.latencyMs - callTime));
    metrics.spend = metrics.spend.plus(res.cost.amount);
  } catch {
    metrics.failures++;
  }
}
