/** Samples' worth of weight the pool average carries in every key's estimate (the prior). */
const PRIOR_SAMPLES = 5;
/** Latencies closer than this (ms) are noise, not a difference: a clock tick, a GC pause. */
const TOLERANCE_FLOOR_MS = 5;
/** …or than this share of the fastest estimate. */
const TOLERANCE_SHARE = 0.1;

/**
 * A key's latency weighted by its confidence: its smoothed `latency` (NaN: unknown) over `samples` successful
 * calls against {@link PRIOR_SAMPLES} of the pool's `mean`, so one early fast measurement cannot make a key
 * look best for good, and a key never measured sits at the average.
 *
 * The latency score is then relative with a tolerance: `(fastest + t) / (estimate + t)`, with
 * `t = latencyTolerance(fastest)`, so keys whose latencies differ by noise score (nearly) the same and the
 * other scorers — fairness above all — share the load between them (see `scoreOf`).
 *
 * @example
 * latencyEstimate(120, 3, 200); // (3·120 + 5·200) / 8 = 170
 */
export function latencyEstimate(latency: number, samples: number, mean: number): number {
  return samples > 0 ? (samples * latency + PRIOR_SAMPLES * mean) / (samples + PRIOR_SAMPLES) : mean;
}

/**
 * The noise tolerance of latency scores: `max(5 ms, 10 % of the fastest estimate)`.
 *
 * @example
 * latencyTolerance(200); // 20
 */
export function latencyTolerance(fastest: number): number {
  return Math.max(TOLERANCE_FLOOR_MS, TOLERANCE_SHARE * fastest);
}
