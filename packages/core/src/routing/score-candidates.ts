import type { ScorerName } from './explanation/explanation-types.js';
import type { ModelQuality } from './model-quality.js';
import type { ResolvedObjective } from './objective.js';
import type { RoutingCandidate } from './routing-candidate.js';

/** The pick of a scoring round. */
export interface Ranking {
  /** Best eligible candidate. */
  best: RoutingCandidate | undefined;
  /** Second best. */
  runnerUp: RoutingCandidate | undefined;
}

function lowerIsBetter(values: Array<number | undefined>): number[] {
  let min = Number.POSITIVE_INFINITY;
  let sum = 0;
  let known = 0;
  for (const value of values) {
    if (value === undefined) continue;
    if (value < min) min = value;
    sum += value;
    known++;
  }
  // Unknown values (a key never used, a price not in the catalog) get the mean, so new keys are explored
  // without being preferred blindly.
  const fallback = known > 0 ? sum / known : 1;
  if (min === Number.POSITIVE_INFINITY) min = fallback;
  return values.map((value) => {
    const v = value ?? fallback;
    return v <= 0 ? 1 : min <= 0 ? 0 : min / v;
  });
}

/**
 * Scores eligible candidates with every scorer the objective weighs, normalised to 0..1 (best = 1), writes
 * the scores and weighted total onto each candidate (which is its explanation), and returns the best two.
 *
 * Scorers: cost (cheapest worst-case cost = 1, relative), latency (fastest smoothed latency = 1, relative),
 * reliability (smoothed success rate, halved while recovering), fairness (least recent load per weight = 1),
 * headroom (share of quota left after this request), quality (model quality table).
 *
 * @example
 * const { best, runnerUp } = scoreCandidates(candidates, resolveObjective('cost'), quality, now);
 */
export function scoreCandidates(
  candidates: readonly RoutingCandidate[],
  objective: ResolvedObjective,
  quality: ModelQuality,
  now: number,
): Ranking {
  const eligible = candidates.filter((c) => c.eligible);
  if (eligible.length === 0) return { best: undefined, runnerUp: undefined };
  const weights = objective.weights;
  const columns: Array<[ScorerName, number, number[]]> = [];
  if (weights.cost) columns.push(['cost', weights.cost, lowerIsBetter(eligible.map((c) => c.maxCost?.toNumber()))]);
  if (weights.latency) {
    columns.push(['latency', weights.latency, lowerIsBetter(eligible.map((c) => c.record.latencyMs))]);
  }
  if (weights.reliability) {
    columns.push([
      'reliability',
      weights.reliability,
      eligible.map((c) => c.record.reliability * (c.record.state === 'recovering' ? 0.5 : 1)),
    ]);
  }
  if (weights.fairness) {
    const loads = eligible.map((c) => c.record.fairnessLoad(now));
    const max = Math.max(...loads);
    const min = Math.min(...loads);
    columns.push(['fairness', weights.fairness, loads.map((load) => (max === min ? 1 : (max - load) / (max - min)))]);
  }
  if (weights.headroom) columns.push(['headroom', weights.headroom, eligible.map((c) => c.headroom)]);
  if (weights.quality) columns.push(['quality', weights.quality, eligible.map((c) => quality.of(c.model, c.providerId))]);

  let best: RoutingCandidate | undefined;
  let runnerUp: RoutingCandidate | undefined;
  for (let i = 0; i < eligible.length; i++) {
    const candidate = eligible[i] as RoutingCandidate;
    const scores: Partial<Record<ScorerName, number>> = {};
    let total = 0;
    for (const [name, weight, values] of columns) {
      const value = values[i] as number;
      scores[name] = value;
      total += weight * value;
    }
    candidate.scores = scores;
    candidate.total = total;
    if (!best || beats(candidate, best, now)) {
      runnerUp = best;
      best = candidate;
    } else if (!runnerUp || beats(candidate, runnerUp, now)) {
      runnerUp = candidate;
    }
  }
  return { best, runnerUp };
}

/** Higher total wins; ties go to fewer requests in flight, then lower recent load, then key id. */
function beats(a: RoutingCandidate, b: RoutingCandidate, now: number): boolean {
  const diff = (a.total ?? 0) - (b.total ?? 0);
  if (Math.abs(diff) > 1e-9) return diff > 0;
  if (a.record.inFlight !== b.record.inFlight) return a.record.inFlight < b.record.inFlight;
  const load = a.record.fairnessLoad(now) - b.record.fairnessLoad(now);
  if (Math.abs(load) > 1e-9) return load < 0;
  return a.keyId < b.keyId;
}
