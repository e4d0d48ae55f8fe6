import { Decimal, type ObjectivePreset } from '@apikeyrouter/core';
import { poissonArrivals, TOTAL_RPM } from '../sim-world.js';
import {
  AFFINITY_OBJECTIVES,
  createAffinityRouter,
  createAffinityWorld,
  sessionPicker,
  sessionPrompt,
} from './affinity-world.js';

/** What one strategy did under one load in the affinity simulation. */
export interface AffinitySimRow {
  strategy: string;
  loadPercent: number;
  requests: number;
  upstream429PerThousand: number;
  clientFailures: number;
  goodputPerMinute: number;
  /** 99th percentile of the time served requests waited for capacity, in ms. */
  p99WaitMs: number;
  /** Cached input tokens ÷ input tokens of served requests, in %. */
  cachedSharePercent: number;
  spendUsd: string;
  /** Spend per 1,000 served requests. */
  usdPerThousand: string;
}

async function runOne(
  objective: ObjectivePreset,
  affinity: boolean,
  loadPercent: number,
  durationMs: number,
): Promise<AffinitySimRow> {
  const { clock, fake } = createAffinityWorld();
  const router = await createAffinityRouter(fake, clock, affinity);
  const pick = sessionPicker(7);
  let requests = 0;
  let successes = 0;
  let inputTokens = 0;
  let cachedTokens = 0;
  let spend = new Decimal(0);
  const waits: number[] = [];
  await poissonArrivals(clock, (TOTAL_RPM * loadPercent) / 100, durationMs, 1, async () => {
    requests++;
    const session = pick();
    try {
      const res = await router.route(
        {
          model: 'sim-model',
          messages: [
            { role: 'system', content: sessionPrompt(session) },
            { role: 'user', content: `Question ${requests} about my invoice.` },
          ],
          parameters: { maxTokens: 40 },
        },
        objective,
      );
      successes++;
      inputTokens += res.usage.inputTokens;
      cachedTokens += res.usage.cachedInputTokens ?? 0;
      spend = spend.plus(res.cost.amount);
      const callTime = res.explanation.attempts.reduce((sum, attempt) => sum + attempt.latencyMs, 0);
      waits.push(Math.max(0, res.latencyMs - callTime));
    } catch {
      // Counted as a client failure below.
    }
  });
  const upstream429 = Object.values(fake.stats()).reduce((sum, s) => sum + s.rateLimited, 0);
  const round1 = (value: number) => Math.round(value * 10) / 10;
  waits.sort((a, b) => a - b);
  return {
    strategy: `apikeyrouter ${objective}${affinity ? ' + affinity' : ''}`,
    loadPercent,
    requests,
    upstream429PerThousand: round1((upstream429 / Math.max(1, requests)) * 1000),
    clientFailures: requests - successes,
    goodputPerMinute: round1(successes / (durationMs / 60_000)),
    p99WaitMs: Math.round(waits[Math.max(0, Math.ceil(waits.length * 0.99) - 1)] ?? 0),
    cachedSharePercent: round1((cachedTokens / Math.max(1, inputTokens)) * 100),
    spendUsd: spend.toFixed(4),
    usdPerThousand: spend.div(Math.max(1, successes)).mul(1000).toFixed(4),
  };
}

/**
 * Prompt-cache affinity in the quota simulation: 600 conversations, each with its own ≈ 1,500-token system
 * prompt, Poisson arrivals at each load, every objective with and without affinity (`derive: 'system'`) on
 * the same arrivals. The simulated provider caches a prefix per key for 5 minutes.
 *
 * @example
 * console.table(await runAffinitySim(30 * 60_000, [50, 90, 120]));
 */
export async function runAffinitySim(
  durationMs: number,
  loads: readonly number[] = [50, 90, 120],
): Promise<AffinitySimRow[]> {
  const rows: AffinitySimRow[] = [];
  for (const load of loads)
    for (const objective of AFFINITY_OBJECTIVES)
      for (const affinity of [false, true]) rows.push(await runOne(objective, affinity, load, durationMs));
  return rows;
}
