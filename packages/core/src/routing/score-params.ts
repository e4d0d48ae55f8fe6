import type { CandidateSet } from './candidate-set.js';
import type { ScorerName } from './explanation/explanation-types.js';
import { latencyEstimate, latencyTolerance } from './latency-score.js';
import type { ModelQuality } from './model-quality.js';

/**
 * What turns an eligible entry's raw inputs into its 0..1 scores: the weighed scorers and the pool-wide
 * statistics their normalisation needs (min, max, mean of the eligible entries). With these, one entry's
 * score is a few arithmetic operations on its own raw values, so a decision needs no score column at all: the
 * totals are summed entry by entry, and the explanation computes each entry's scores the same way when read.
 *
 * Normalisation (best = 1): cost is relative to the cheapest (`min / value`), fairness is min-max over the
 * recent loads, latency is relative with a noise tolerance after confidence weighting (see `latency-score`),
 * reliability, headroom and quality are absolute. An unknown value (NaN) scores like the mean of the known.
 *
 * @example
 * const params = measureScores(set, resolveObjective('balanced').weights, quality);
 * const cost = scoreOf(set, params, 'cost', index);
 */
export interface ScoreParams {
  /** Scorers with a weight, in the objective's order (totals are summed in this order). */
  names: ScorerName[];
  weights: number[];
  eligible: number;
  costMin: number;
  costFallback: number;
  fairnessMin: number;
  fairnessMax: number;
  fairnessFallback: number;
  latencyMean: number;
  latencyFastest: number;
  latencyTolerance: number;
  /**
   * Quality by segment, taken while measuring: the table can change after the decision, and the explanation
   * must show the scores the decision summed. The keys of a segment are of one provider and one model.
   */
  qualities: number[];
  /** The last worst-case cost converted, and its value: keys sharing a price share one Decimal. */
  lastCost: unknown;
  lastCostValue: number;
}

/** The eligible entries of the set last measured, ascending (scratch, valid until the next measurement). */
let ELIGIBLE = new Int32Array(64);
/** Latency estimates of those entries by position, when latency is weighed (scratch, same lifetime). */
let ESTIMATES = new Float64Array(64);

/**
 * The eligible entries of the set {@link measureScores} last measured, ascending, in `[0, params.eligible)`:
 * scratch shared by every decision, valid until the next measurement (decisions are synchronous).
 *
 * @example
 * const eligible = eligibleEntries();
 * for (let p = 0; p < params.eligible; p++) visit(eligible[p]);
 */
export function eligibleEntries(): Int32Array {
  return ELIGIBLE;
}

/** The worst-case cost of entry `i` as a number (NaN when unknown). */
function costOf(set: CandidateSet, params: ScoreParams, i: number): number {
  const cost = set.maxCosts[i];
  if (cost !== params.lastCost) {
    params.lastCost = cost;
    params.lastCostValue = cost?.toNumber() ?? Number.NaN;
  }
  return params.lastCostValue;
}

/** The latency of entry `i` the scorer reads: NaN unless known and finite. */
function latencyOf(set: CandidateSet, i: number): number {
  const value = set.latencies[i] as number;
  return Number.isFinite(value) ? value : Number.NaN;
}

/**
 * The pool statistics of the eligible entries of `set` for the scorers `weighted` weighs (two passes when
 * latency is weighed: its fastest estimate depends on the mean, one otherwise).
 *
 * @example
 * const params = measureScores(set, { cost: 0.5, fairness: 0.5 }, quality);
 */
export function measureScores(
  set: CandidateSet,
  weighted: Partial<Record<ScorerName, number>>,
  quality: ModelQuality,
): ScoreParams {
  const names: ScorerName[] = [];
  const weights: number[] = [];
  for (const [name, weight] of Object.entries(weighted) as Array<[ScorerName, number]>)
    if (weight) {
      names.push(name);
      weights.push(weight);
    }
  const params: ScoreParams = {
    names,
    weights,
    eligible: 0,
    costMin: 0,
    costFallback: 1,
    fairnessMin: 0,
    fairnessMax: 0,
    fairnessFallback: 1,
    latencyMean: 0,
    latencyFastest: 0,
    latencyTolerance: 0,
    qualities: [],
    lastCost: undefined,
    lastCostValue: Number.NaN,
  };
  const cost = names.includes('cost');
  const latency = names.includes('latency');
  const fairness = names.includes('fairness');
  const rated = names.includes('quality');
  const { codes, loads } = set;
  const size = set.size;
  let costMin = Number.POSITIVE_INFINITY;
  let costSum = 0;
  let costKnown = 0;
  let loadMin = Number.POSITIVE_INFINITY;
  let loadMax = Number.NEGATIVE_INFINITY;
  let loadSum = 0;
  let loadKnown = 0;
  let latencySum = 0;
  let latencyKnown = 0;
  let eligible = 0;
  // Entries past the last excluded one are eligible (see `CandidateSet.codes`).
  const excludedUpTo = codes.length;
  if (ELIGIBLE.length < size) ELIGIBLE = new Int32Array(Math.max(size, ELIGIBLE.length * 2));
  const list = ELIGIBLE;
  for (let i = 0; i < size; i++) {
    if (i < excludedUpTo && codes[i] !== undefined) continue;
    list[eligible++] = i;
    if (rated) {
      const segment = set.segmentAt(i);
      params.qualities[segment] ??= quality.of(set.modelOf(i), set.records[i]?.providerId);
    }
    if (cost) {
      const value = costOf(set, params, i);
      if (!Number.isNaN(value)) {
        if (value < costMin) costMin = value;
        costSum += value;
        costKnown++;
      }
    }
    if (fairness) {
      const value = loads[i] as number;
      if (!Number.isNaN(value)) {
        if (value < loadMin) loadMin = value;
        if (value > loadMax) loadMax = value;
        loadSum += value;
        loadKnown++;
      }
    }
    if (latency) {
      const value = latencyOf(set, i);
      if (!Number.isNaN(value)) {
        latencySum += value;
        latencyKnown++;
      }
    }
  }
  params.eligible = eligible;
  params.costFallback = costKnown > 0 ? costSum / costKnown : 1;
  params.costMin = costKnown > 0 ? costMin : params.costFallback;
  params.fairnessFallback = loadKnown > 0 ? loadSum / loadKnown : 1;
  params.fairnessMin = loadKnown > 0 ? loadMin : params.fairnessFallback;
  params.fairnessMax = loadKnown > 0 ? loadMax : params.fairnessFallback;
  if (latency && eligible > 0) {
    const mean = latencyKnown > 0 ? latencySum / latencyKnown : 0;
    let fastest = Number.POSITIVE_INFINITY;
    if (ESTIMATES.length < eligible) ESTIMATES = new Float64Array(ELIGIBLE.length);
    const estimates = ESTIMATES;
    for (let p = 0; p < eligible; p++) {
      const estimate = estimateOf(set, mean, list[p] as number);
      estimates[p] = estimate;
      if (estimate < fastest) fastest = estimate;
    }
    params.latencyMean = mean;
    params.latencyFastest = fastest;
    params.latencyTolerance = latencyTolerance(fastest);
  }
  return params;
}

function estimateOf(set: CandidateSet, mean: number, i: number): number {
  const value = latencyOf(set, i);
  return latencyEstimate(value, Number.isNaN(value) ? 0 : (set.successes[i] as number), mean);
}

function costScore(params: ScoreParams, raw: number): number {
  const value = Number.isNaN(raw) ? params.costFallback : raw;
  const min = params.costMin;
  return value <= 0 ? 1 : min <= 0 ? 0 : min / value;
}

function fairnessScore(params: ScoreParams, raw: number): number {
  const value = Number.isNaN(raw) ? params.fairnessFallback : raw;
  const { fairnessMin: min, fairnessMax: max } = params;
  return max === min ? 1 : (max - value) / (max - min);
}

function latencyScore(params: ScoreParams, estimate: number): number {
  const tolerance = params.latencyTolerance;
  return (params.latencyFastest + tolerance) / (estimate + tolerance);
}

/**
 * The normalised score (0..1, best = 1) of eligible entry `i` for one scorer: the same arithmetic as
 * {@link addWeightedScores} sums into the totals, so the explanation read later agrees to the last bit.
 *
 * @example
 * const cost = scoreOf(set, params, 'cost', index);
 */
export function scoreOf(set: CandidateSet, params: ScoreParams, name: ScorerName, i: number): number {
  switch (name) {
    case 'cost':
      return costScore(params, costOf(set, params, i));
    case 'fairness':
      return fairnessScore(params, set.loads[i] as number);
    case 'latency':
      return latencyScore(params, estimateOf(set, params.latencyMean, i));
    case 'reliability':
      return set.reliabilities[i] as number;
    case 'headroom':
      return set.headrooms[i] ?? 1;
    case 'quality':
      return params.qualities[set.segmentAt(i)] as number;
  }
}

/**
 * Adds `weight` × the scorer's score of every eligible entry (see {@link eligibleEntries}) to `totals[i]`:
 * one tight loop per scorer. Summed scorer by scorer in the objective's order, each total gets the same
 * additions in the same order as an entry-by-entry sum, so the same bits.
 *
 * @example
 * for (let c = 0; c < params.names.length; c++) addWeightedScores(set, params, c, totals);
 */
export function addWeightedScores(
  set: CandidateSet,
  params: ScoreParams,
  c: number,
  totals: Float64Array,
): void {
  const weight = params.weights[c] as number;
  const count = params.eligible;
  const list = ELIGIBLE;
  switch (params.names[c] as ScorerName) {
    case 'cost':
      for (let p = 0; p < count; p++) {
        const i = list[p] as number;
        totals[i] = (totals[i] as number) + weight * costScore(params, costOf(set, params, i));
      }
      return;
    case 'fairness': {
      const loads = set.loads;
      for (let p = 0; p < count; p++) {
        const i = list[p] as number;
        totals[i] = (totals[i] as number) + weight * fairnessScore(params, loads[i] as number);
      }
      return;
    }
    case 'latency': {
      // The estimates measureScores took: the same arithmetic on the same inputs as estimateOf again.
      const estimates = ESTIMATES;
      for (let p = 0; p < count; p++) {
        const i = list[p] as number;
        totals[i] = (totals[i] as number) + weight * latencyScore(params, estimates[p] as number);
      }
      return;
    }
    case 'reliability': {
      const reliabilities = set.reliabilities;
      for (let p = 0; p < count; p++) {
        const i = list[p] as number;
        totals[i] = (totals[i] as number) + weight * (reliabilities[i] as number);
      }
      return;
    }
    case 'headroom': {
      const headrooms = set.headrooms;
      for (let p = 0; p < count; p++) {
        const i = list[p] as number;
        totals[i] = (totals[i] as number) + weight * (headrooms[i] ?? 1);
      }
      return;
    }
    case 'quality': {
      const qualities = params.qualities;
      for (let p = 0; p < count; p++) {
        const i = list[p] as number;
        totals[i] = (totals[i] as number) + weight * (qualities[set.segmentAt(i)] as number);
      }
      return;
    }
  }
}
