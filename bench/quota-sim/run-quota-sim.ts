import { roundRobin, serveWithBaseline, usageBased, weightedRandom } from './baselines.js';
import { createSimRouter, serveWithRouter } from './router-strategy.js';
import { SimMetrics, type SimRow } from './sim-metrics.js';
import { createWorld, poissonArrivals, TOTAL_RPM } from './sim-world.js';

const HOUR = 3_600_000;

function upstream429(stats: Record<string, { rateLimited: number }>): number {
  return Object.values(stats).reduce((sum, s) => sum + s.rateLimited, 0);
}

type Strategy = {
  name: string;
  run: (perMinute: number, durationMs: number, metrics: SimMetrics) => Promise<number>;
};

const strategies: Strategy[] = [
  ...(['fairness', 'cost'] as const).flatMap((objective) =>
    [true, false].map((declared) => ({
      name: `apikeyrouter ${objective}${declared ? '' : ' (learned limits)'}`,
      run: async (perMinute: number, durationMs: number, metrics: SimMetrics) => {
        const { clock, fake } = createWorld();
        const router = await createSimRouter(fake, clock, declared);
        await poissonArrivals(clock, perMinute, durationMs, 1, () =>
          serveWithRouter(router, objective, metrics),
        );
        return upstream429(fake.stats());
      },
    })),
  ),
  ...[roundRobin, weightedRandom, usageBased].map((make) => ({
    name: make === usageBased ? 'usage-based' : make === roundRobin ? 'round-robin' : 'weighted-random',
    run: async (perMinute: number, durationMs: number, metrics: SimMetrics) => {
      const { clock, fake } = createWorld();
      const baseline =
        make === usageBased ? usageBased(clock) : (make as () => ReturnType<typeof roundRobin>)();
      await poissonArrivals(clock, perMinute, durationMs, 1, () =>
        serveWithBaseline(baseline, fake, clock, metrics),
      );
      return upstream429(fake.stats());
    },
  })),
];

/**
 * Every strategy under Poisson load at 50, 90, 120 and 200 % of total capacity for one simulated hour.
 *
 * @example
 * console.table(await runQuotaSim());
 */
export async function runQuotaSim(
  durationMs = HOUR,
  loads: readonly number[] = [50, 90, 120, 200],
): Promise<SimRow[]> {
  const rows: SimRow[] = [];
  for (const load of loads) {
    for (const strategy of strategies) {
      const metrics = new SimMetrics();
      metrics.upstream429 = await strategy.run((TOTAL_RPM * load) / 100, durationMs, metrics);
      rows.push(metrics.row(strategy.name, load, durationMs));
    }
  }
  return rows;
}
