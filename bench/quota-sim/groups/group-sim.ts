import { ApiKeyRouter, VirtualClock } from '@apikeyrouter/core';
import { FakeAdapter, KeyLimitEnforcer } from '@apikeyrouter/testkit';
import { serveWithRouter } from '../router-strategy.js';
import { SimMetrics, type SimRow } from '../sim-metrics.js';
import { poissonArrivals } from '../sim-world.js';

/** Requests per minute the simulated organisation allows, for all its keys together. */
export const ORGANISATION_RPM = 120;
const MATERIALS = ['sk-sim-org-key-01', 'sk-sim-org-key-02', 'sk-sim-org-key-03', 'sk-sim-org-key-04'];

/**
 * Four keys of one organisation on a fresh virtual clock: the simulated provider enforces
 * {@link ORGANISATION_RPM} for the four together and reports the organisation's remaining count in every
 * key's headers, as OpenAI does. The router is told no limit; with `grouped` the keys share `quotaGroup`.
 */
async function organisation(grouped: boolean) {
  const clock = new VirtualClock({ autoAdvance: true });
  const shared = new KeyLimitEnforcer({ rpm: ORGANISATION_RPM }, () => clock.now());
  const keys = Object.fromEntries(
    MATERIALS.map((material, i) => [material, { sharedLimits: shared, latencyMs: 400, label: `key-${i}` }]),
  );
  const fake = new FakeAdapter({ id: 'sim', clock, keys });
  const router = new ApiKeyRouter({ clock, defaults: { deadlineMs: 30_000, maxQueued: 100_000 } });
  await router.registerProvider('sim', fake);
  for (const material of MATERIALS) {
    await router.registerKey(material, 'sim', grouped ? { quotaGroup: 'org' } : {});
  }
  return { clock, fake, router };
}

/**
 * Upstream 429s and goodput with and without `quotaGroup`, under Poisson load at each percentage of the
 * organisation's limit.
 *
 * @example
 * console.table(await runGroupSim(600_000, [90, 200]));
 */
export async function runGroupSim(durationMs: number, loads: readonly number[]): Promise<SimRow[]> {
  const rows: SimRow[] = [];
  for (const load of loads) {
    for (const grouped of [false, true]) {
      const { clock, fake, router } = await organisation(grouped);
      const metrics = new SimMetrics();
      await poissonArrivals(clock, (ORGANISATION_RPM * load) / 100, durationMs, 1, () =>
        serveWithRouter(router, 'fairness', metrics),
      );
      metrics.upstream429 = Object.values(fake.stats()).reduce((sum, s) => sum + s.rateLimited, 0);
      rows.push(metrics.row(grouped ? "quotaGroup 'org'" : 'per-key accounting', load, durationMs));
    }
  }
  return rows;
}
