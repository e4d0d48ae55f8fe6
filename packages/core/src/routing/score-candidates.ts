import type { CandidateSet } from './candidate-set.js';
import type { ModelQuality } from './model-quality.js';
import type { ResolvedObjective } from './objective.js';
import { addWeightedScores, eligibleEntries, measureScores } from './score-params.js';

/** The pick of a scoring round, as indexes into the set. */
export interface Ranking {
  /** Index of the best eligible candidate, -1 when none. */
  best: number;
  /** Index of the second best, -1 when none. */
  runnerUp: number;
}

/**
 * Scores the eligible candidates of a set with every scorer the objective weighs, normalised to 0..1
 * (best = 1), stores the weighted totals and the normalisation (see `ScoreParams`) in the set (its
 * explanation computes each entry's scores from them when read), and returns the best two.
 *
 * Scorers: cost (cheapest worst-case cost = 1, relative), latency (fastest confidence-weighted latency = 1,
 * relative with a noise tolerance, see `latencyEstimate`),
 * reliability (smoothed success rate, halved while recovering), fairness (least recent load per weight = 1,
 * min-max), headroom (share of quota left after this request), quality (model quality table).
 *
 * @example
 * const { best, runnerUp } = scoreCandidates(set, resolveObjective('cost'), quality);
 */
export function scoreCandidates(
  set: CandidateSet,
  objective: ResolvedObjective,
  quality: ModelQuality,
): Ranking {
  const started = performance.now();
  try {
    return rank(set, objective, quality);
  } finally {
    set.decisionMicros += (performance.now() - started) * 1000;
  }
}

function rank(set: CandidateSet, objective: ResolvedObjective, quality: ModelQuality): Ranking {
  const params = measureScores(set, objective.weights, quality);
  set.scoring = params;
  const size = set.size;
  const totals = new Float64Array(size);
  set.totals = totals;
  if (params.eligible === 0) return { best: -1, runnerUp: -1 };
  const used = params.names.length;
  for (let c = 0; c < used; c++) addWeightedScores(set, params, c, totals);
  const eligible = eligibleEntries();
  const count = params.eligible;
  let best = -1;
  let runnerUp = -1;
  // The best two totals, kept in locals: most candidates lose clearly, and only near-ties need `beats`.
  let bestTotal = 0;
  let runnerUpTotal = 0;
  for (let p = 0; p < count; p++) {
    const i = eligible[p] as number;
    const total = totals[i] as number;
    if (best >= 0 && total - bestTotal < -1e-9) {
      if (runnerUp >= 0 && total - runnerUpTotal < -1e-9) continue;
      if (runnerUp < 0 || beats(set, i, runnerUp)) {
        runnerUp = i;
        runnerUpTotal = total;
      }
    } else if (best < 0 || beats(set, i, best)) {
      runnerUp = best;
      runnerUpTotal = bestTotal;
      best = i;
      bestTotal = total;
    } else if (runnerUp < 0 || beats(set, i, runnerUp)) {
      runnerUp = i;
      runnerUpTotal = total;
    }
  }
  return { best, runnerUp };
}

/** Higher total wins; ties go to fewer requests in flight, then lower recent load, then key id. */
function beats(set: CandidateSet, a: number, b: number): boolean {
  const diff = (set.totals[a] as number) - (set.totals[b] as number);
  if (Math.abs(diff) > 1e-9) return diff > 0;
  const ra = set.records[a];
  const rb = set.records[b];
  if (!ra || !rb) return false;
  if (ra.inFlight !== rb.inFlight) return ra.inFlight < rb.inFlight;
  const load = ra.fairnessLoad() - rb.fairnessLoad();
  if (Math.abs(load) > 1e-9) return load < 0;
  return ra.id < rb.id;
}
