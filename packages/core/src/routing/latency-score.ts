/** Samples' worth of weight the pool average carries in every key's estimate (the prior). */
const PRIOR_SAMPLES = 5;
/** Latencies closer than this (ms) are noise, not a difference: a clock tick, a GC pause. */
const TOLERANCE_FLOOR_MS = 5;
/** …or than this share of the fastest estimate. */
const TOLERANCE_SHARE = 0.1;

/**
 * Fills `column[p]` with a 0..1 latency score (fastest = 1) from the raw `latencies[p]` (NaN: unknown) and the
 * `samples[p]` behind it (see `readRecordColumns`).
 *
 * Each key's smoothed latency is first weighted by its confidence — `n` successful samples against
 * {@link PRIOR_SAMPLES} of the pool average — so one early fast measurement cannot make a key look best for
 * good, and a key never measured sits at the average. Scores are then relative with a tolerance:
 * `(fastest + t) / (estimate + t)`, `t = max(5 ms, 10 % of fastest)`, so keys whose latencies differ by noise
 * score (nearly) the same and the other scorers — fairness above all — share the load between them.
 *
 * @example
 * fillLatencyScores(latencies, samples, column); // column[p] ∈ (0, 1]
 */
export function fillLatencyScores(
  latencies: readonly number[],
  samples: readonly number[],
  column: number[],
): void {
  const count = column.length;
  let sum = 0;
  let known = 0;
  for (let p = 0; p < count; p++) {
    const latency = latencies[p] as number;
    if (Number.isNaN(latency)) continue;
    sum += latency;
    known++;
  }
  const mean = known > 0 ? sum / known : 0;
  let fastest = Number.POSITIVE_INFINITY;
  for (let p = 0; p < count; p++) {
    const n = samples[p] as number;
    const estimate =
      n > 0 ? (n * (latencies[p] as number) + PRIOR_SAMPLES * mean) / (n + PRIOR_SAMPLES) : mean;
    column[p] = estimate;
    if (estimate < fastest) fastest = estimate;
  }
  const tolerance = Math.max(TOLERANCE_FLOOR_MS, TOLERANCE_SHARE * fastest);
  for (let p = 0; p < count; p++) column[p] = (fastest + tolerance) / ((column[p] as number) + tolerance);
}
