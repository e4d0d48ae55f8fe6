import {
  type AdmissionOptions,
  ApiKeyRouter,
  type RequestPriority,
  RouterError,
  type VirtualClock,
} from '@apikeyrouter/core';
import type { FakeAdapter } from '@apikeyrouter/testkit';
import { createWorld, poissonArrivals, SIM_INTENT, SIM_KEYS, seededRandom, TOTAL_RPM } from './sim-world.js';

/** The admission settings the simulation runs with: a 2 s wait limit, tenants taking turns. */
export const SIM_ADMISSION: AdmissionOptions = { maxWaitMs: 2_000, fairnessTag: 'tenant' };

/** The traffic mix: 70 % interactive, 30 % batch; tenants a, b, c sending 50, 30 and 20 %. */
const BATCH_SHARE = 0.3;
const TENANTS: ReadonlyArray<readonly [string, number]> = [
  ['a', 0.5],
  ['b', 0.3],
  ['c', 0.2],
];

/** Waits and outcomes of one priority class. */
export interface ClassStats {
  offered: number;
  served: number;
  p50WaitMs: number;
  p99WaitMs: number;
}

/** One admission-control run at one load. */
export interface AdmissionRow {
  loadPercent: number;
  requests: number;
  served: number;
  /** Served per minute as a share of the keys' total capacity (300/min), in %. */
  goodputPercent: number;
  p99WaitMs: number;
  upstream429: number;
  /**
   * Refused with `retryAfterMs` before waiting at all (predicted wait too long, queue full, or no key frees
   * up before the deadline), and after waiting (wait limit reached, displaced, or a turn found no room
   * before the deadline).
   */
  refusedAtOnce: number;
  refusedAfterWaiting: number;
  otherFailures: number;
  interactive: ClassStats;
  batch: ClassStats;
  /** Served per tenant, as `a/b/c`. */
  servedByTenant: string;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? 0);
}

async function createAdmissionRouter(fake: FakeAdapter, clock: VirtualClock): Promise<ApiKeyRouter> {
  const router = new ApiKeyRouter({
    clock,
    defaults: { deadlineMs: 30_000, maxQueued: 1_000 },
    admission: SIM_ADMISSION,
  });
  await router.registerProvider('sim', fake);
  for (const key of SIM_KEYS) {
    const info = await router.registerKey(key.material, 'sim', {
      label: key.label,
      limits: { rpm: key.spec.rpm, tpm: key.spec.tpm },
    });
    router.costController.setModelPrice(
      'sim-model',
      { inputPerMillion: key.pricePerMillion, outputPerMillion: key.pricePerMillion },
      { keyId: info.id },
    );
  }
  return router;
}

/**
 * Poisson load at each `loads` percent of total capacity, with a mix of priorities and tenants, through a
 * router with admission control ({@link SIM_ADMISSION}, deadline 30 s, limits declared, objective fairness).
 *
 * @example
 * console.table(await runAdmissionSim(900_000, [120, 200]));
 */
export async function runAdmissionSim(durationMs: number, loads: readonly number[]): Promise<AdmissionRow[]> {
  const rows: AdmissionRow[] = [];
  for (const load of loads) {
    const { clock, fake } = createWorld();
    const router = await createAdmissionRouter(fake, clock);
    const pick = seededRandom(7);
    const waits: Record<RequestPriority, number[]> = { interactive: [], batch: [] };
    const offered: Record<RequestPriority, number> = { interactive: 0, batch: 0 };
    const byTenant = new Map<string, number>();
    let requests = 0;
    let refusedAtOnce = 0;
    let refusedAfterWaiting = 0;
    let otherFailures = 0;
    await poissonArrivals(clock, (TOTAL_RPM * load) / 100, durationMs, 1, async () => {
      requests++;
      const priority: RequestPriority = pick() < BATCH_SHARE ? 'batch' : 'interactive';
      const point = pick();
      let cumulative = 0;
      const tenant =
        TENANTS.find(([, share]) => {
          cumulative += share;
          return point < cumulative;
        })?.[0] ?? 'c';
      offered[priority]++;
      const started = clock.now();
      try {
        const res = await router.route({ ...SIM_INTENT, priority, tags: { tenant } }, 'fairness');
        const callTime = res.explanation.attempts.reduce((sum, attempt) => sum + attempt.latencyMs, 0);
        waits[priority].push(Math.max(0, res.latencyMs - callTime));
        byTenant.set(tenant, (byTenant.get(tenant) ?? 0) + 1);
      } catch (error) {
        // At once: admission control, or no key frees up before the deadline (both carry retryAfterMs).
        const refused = RouterError.isInstance(error) && error.retryAfterMs !== undefined;
        if (refused && clock.now() === started) refusedAtOnce++;
        else if (refused) refusedAfterWaiting++;
        else otherFailures++;
      }
    });
    const served = waits.interactive.length + waits.batch.length;
    const stats = (p: RequestPriority): ClassStats => ({
      offered: offered[p],
      served: waits[p].length,
      p50WaitMs: percentile(waits[p], 0.5),
      p99WaitMs: percentile(waits[p], 0.99),
    });
    rows.push({
      loadPercent: load,
      requests,
      served,
      goodputPercent: Math.round((served / (durationMs / 60_000) / TOTAL_RPM) * 1000) / 10,
      p99WaitMs: percentile([...waits.interactive, ...waits.batch], 0.99),
      upstream429: Object.values(fake.stats()).reduce((sum, s) => sum + s.rateLimited, 0),
      refusedAtOnce,
      refusedAfterWaiting,
      otherFailures,
      interactive: stats('interactive'),
      batch: stats('batch'),
      servedByTenant: TENANTS.map(([t]) => byTenant.get(t) ?? 0).join('/'),
    });
  }
  return rows;
}
