import type { CandidateSet } from './candidate-set.js';
import type { ScorerName } from './explanation/explanation-types.js';
import { fillLatencyScores } from './latency-score.js';
import type { ModelQuality } from './model-quality.js';
import type { ResolvedObjective } from './objective.js';

/** The pick of a scoring round, as indexes into the set. */
export interface Ranking {
  /** Index of the best eligible candidate, -1 when none. */
  best: number;
  /** Index of the second best, -1 when none. */
  runnerUp: number;
}

/** Fills `column[i]` with the raw measurement of one scorer for every eligible index. */
function fillRaw(
  name: ScorerName,
  set: CandidateSet,
  eligible: readonly number[],
  column: number[],
  quality: ModelQuality,
): void {
  // One specialised loop per scorer keeps the per-key work monomorphic (this runs for every key of every request).
  // NaN means "unknown" and is scored like the mean of the known values, so a key never used yet (no latency)
  // or a model without a price is explored without being preferred blindly.
  const { records, maxCosts, headrooms } = set;
  switch (name) {
    case 'cost': {
      // Keys sharing a price share one Decimal: convert each distinct one once.
      let lastCost: unknown;
      let lastValue = Number.NaN;
      for (const i of eligible) {
        const cost = maxCosts[i];
        if (cost !== lastCost) {
          lastCost = cost;
          lastValue = cost?.toNumber() ?? Number.NaN;
        }
        column[i] = lastValue;
      }
      return;
    }
    case 'latency':
      fillLatencyScores(set, eligible, column);
      return;
    case 'reliability':
      for (const i of eligible) {
        const record = records[i];
        column[i] = record ? record.reliability * (record.state === 'recovering' ? 0.5 : 1) : 0;
      }
      return;
    case 'fairness':
      for (const i of eligible) column[i] = records[i]?.fairnessLoad() ?? 0;
      return;
    case 'headroom':
      for (const i of eligible) column[i] = headrooms[i] ?? 1;
      return;
    case 'quality':
      for (const i of eligible) column[i] = quality.of(set.modelOf(i), records[i]?.providerId);
      return;
  }
}

/** How a raw column becomes 0..1 with 1 = best. */
const NORMALISE: Record<ScorerName, 'lower-relative' | 'lower-range' | 'absolute'> = {
  cost: 'lower-relative',
  latency: 'absolute', // scored with confidence and tolerance in fillLatencyScores
  reliability: 'absolute',
  fairness: 'lower-range',
  headroom: 'absolute',
  quality: 'absolute',
};

function normaliseColumn(
  column: number[],
  eligible: readonly number[],
  mode: 'lower-relative' | 'lower-range' | 'absolute',
): void {
  if (mode === 'absolute') return;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let known = 0;
  for (const i of eligible) {
    const value = column[i] as number;
    if (Number.isNaN(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
    sum += value;
    known++;
  }
  const fallback = known > 0 ? sum / known : 1;
  if (known === 0) min = max = fallback;
  for (const i of eligible) {
    const value = Number.isNaN(column[i] as number) ? fallback : (column[i] as number);
    if (mode === 'lower-relative') column[i] = value <= 0 ? 1 : min <= 0 ? 0 : min / value;
    else column[i] = max === min ? 1 : (max - value) / (max - min);
  }
}

/**
 * Scores the eligible candidates of a set with every scorer the objective weighs, normalised to 0..1
 * (best = 1), stores the columns and weighted totals in the set (its explanation), and returns the best two.
 *
 * Scorers: cost (cheapest worst-case cost = 1, relative), latency (fastest confidence-weighted latency = 1,
 * relative with a noise tolerance, see `fillLatencyScores`),
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
  const eligible: number[] = [];
  for (let i = 0; i < set.size; i++) if (set.isEligible(i)) eligible.push(i);
  if (eligible.length === 0) return { best: -1, runnerUp: -1 };
  const weights: number[] = [];
  const columns: number[][] = [];
  for (const [name, weight] of Object.entries(objective.weights) as Array<[ScorerName, number]>) {
    if (!weight) continue;
    const column = new Array<number>(set.size).fill(Number.NaN);
    fillRaw(name, set, eligible, column, quality);
    normaliseColumn(column, eligible, NORMALISE[name]);
    set.scoreColumns.set(name, column);
    weights.push(weight);
    columns.push(column);
  }
  let best = -1;
  let runnerUp = -1;
  for (const i of eligible) {
    let total = 0;
    for (let c = 0; c < columns.length; c++)
      total += (weights[c] as number) * ((columns[c] as number[])[i] as number);
    set.totals[i] = total;
    if (best < 0 || beats(set, i, best)) {
      runnerUp = best;
      best = i;
    } else if (runnerUp < 0 || beats(set, i, runnerUp)) {
      runnerUp = i;
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
