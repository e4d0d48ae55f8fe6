import type { CandidateSet } from './candidate-set.js';

/** Samples' worth of weight the pool average carries in every key's estimate (the prior). */
const PRIOR_SAMPLES = 5;
/** Latencies closer than this (ms) are noise, not a difference: a clock tick, a GC pause. */
const TOLERANCE_FLOOR_MS = 5;
/** …or than this share of the fastest estimate. */
const TOLERANCE_SHARE = 0.1;

/**
 * Fills `column[i]` with a 0..1 latency score (fastest = 1) for every eligible index.
 *
 * Each key's smoothed latency is first weighted by its confidence — `n` successful samples against
 * {@link PRIOR_SAMPLES} of the pool average — so one early fast measurement cannot make a key look best for
 * good, and a key never measured sits at the average. Scores are then relative with a tolerance:
 * `(fastest + t) / (estimate + t)`, `t = max(5 ms, 10 % of fastest)`, so keys whose latencies differ by noise
 * score (nearly) the same and the other scorers — fairness above all — share the load between them.
 *
 * @example
 * fillLatencyScores(set, eligible, column); // column[i] ∈ (0, 1]
 */
export function fillLatencyScores(set: CandidateSet, eligible: readonly number[], column: number[]): void {
  const { records } = set;
  let sum = 0;
  let known = 0;
  for (const i of eligible) {
    const latency = records[i]?.latencyMs;
    if (latency === undefined || !Number.isFinite(latency)) continue;
    sum += latency;
    known++;
  }
  const mean = known > 0 ? sum / known : 0;
  let fastest = Number.POSITIVE_INFINITY;
  for (const i of eligible) {
    const record = records[i];
    const latency = record?.latencyMs;
    const samples = latency === undefined || !Number.isFinite(latency) ? 0 : (record?.successes ?? 0);
    const estimate =
      samples > 0 ? (samples * (latency as number) + PRIOR_SAMPLES * mean) / (samples + PRIOR_SAMPLES) : mean;
    column[i] = estimate;
    if (estimate < fastest) fastest = estimate;
  }
  const tolerance = Math.max(TOLERANCE_FLOOR_MS, TOLERANCE_SHARE * fastest);
  for (const i of eligible) column[i] = (fastest + tolerance) / ((column[i] as number) + tolerance);
}
