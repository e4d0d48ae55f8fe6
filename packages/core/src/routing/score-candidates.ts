import type { CandidateSet } from './candidate-set.js';
import type { ScorerName } from './explanation/explanation-types.js';
import { fillLatencyScores } from './latency-score.js';
import type { ModelQuality } from './model-quality.js';
import type { ResolvedObjective } from './objective.js';
import { type RecordColumns, readRecordColumns } from './record-columns.js';

/** The pick of a scoring round, as indexes into the set. */
export interface Ranking {
  /** Index of the best eligible candidate, -1 when none. */
  best: number;
  /** Index of the second best, -1 when none. */
  runnerUp: number;
}

/** Fills `column[p]` with the raw measurement of a scorer that does not read key records. */
function fillRaw(
  name: 'cost' | 'headroom' | 'quality',
  set: CandidateSet,
  eligible: readonly number[],
  column: number[],
  quality: ModelQuality,
): void {
  // NaN means "unknown" and is scored like the mean of the known values, so a model without a price is
  // explored without being preferred blindly.
  const { maxCosts, headrooms } = set;
  const count = eligible.length;
  switch (name) {
    case 'cost': {
      // Keys sharing a price share one Decimal: convert each distinct one once.
      let lastCost: unknown;
      let lastValue = Number.NaN;
      for (let p = 0; p < count; p++) {
        const cost = maxCosts[eligible[p] as number];
        if (cost !== lastCost) {
          lastCost = cost;
          lastValue = cost?.toNumber() ?? Number.NaN;
        }
        column[p] = lastValue;
      }
      return;
    }
    case 'headroom':
      for (let p = 0; p < count; p++) column[p] = headrooms[eligible[p] as number] ?? 1;
      return;
    case 'quality':
      for (let p = 0; p < count; p++) {
        const i = eligible[p] as number;
        column[p] = quality.of(set.modelOf(i), set.records[i]?.providerId);
      }
      return;
  }
}

/** The column of one scorer, raw: read from the record pass, or filled here. */
function rawColumn(
  name: ScorerName,
  set: CandidateSet,
  eligible: readonly number[],
  fromRecords: RecordColumns,
  quality: ModelQuality,
): number[] {
  if (name === 'reliability' && fromRecords.reliability) return fromRecords.reliability;
  if (name === 'fairness' && fromRecords.fairness) return fromRecords.fairness;
  const column = new Array<number>(eligible.length);
  if (name === 'latency') {
    fillLatencyScores(fromRecords.latency as number[], fromRecords.samples as number[], column);
  } else if (name === 'cost' || name === 'headroom' || name === 'quality') {
    fillRaw(name, set, eligible, column, quality);
  }
  return column;
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

function normaliseColumn(column: number[], mode: 'lower-relative' | 'lower-range' | 'absolute'): void {
  if (mode === 'absolute') return;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let known = 0;
  const count = column.length;
  for (let p = 0; p < count; p++) {
    const value = column[p] as number;
    if (Number.isNaN(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
    sum += value;
    known++;
  }
  const fallback = known > 0 ? sum / known : 1;
  if (known === 0) min = max = fallback;
  for (let p = 0; p < count; p++) {
    const raw = column[p] as number;
    const value = Number.isNaN(raw) ? fallback : raw;
    if (mode === 'lower-relative') column[p] = value <= 0 ? 1 : min <= 0 ? 0 : min / value;
    else column[p] = max === min ? 1 : (max - value) / (max - min);
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
  const { codes } = set;
  const eligible: number[] = [];
  for (let i = 0; i < codes.length; i++) if (codes[i] === undefined) eligible.push(i);
  set.scored = eligible;
  const count = eligible.length;
  if (count === 0) return { best: -1, runnerUp: -1 };
  // Columns are compact (one value per eligible entry, in `eligible` order): a decision over thousands of
  // keys fills only what it scores instead of a NaN-filled array per scorer over every entry.
  const weighted = objective.weights;
  const needs = {
    latency: Boolean(weighted.latency),
    reliability: Boolean(weighted.reliability),
    fairness: Boolean(weighted.fairness),
  };
  const scorers = (Object.entries(weighted) as Array<[ScorerName, number]>).filter(([, weight]) => weight);
  // Reliability and fairness are normalised in place in the columns the record pass read.
  const fromRecords = readRecordColumns(set, eligible, needs);
  const weights: number[] = [];
  const columns: number[][] = [];
  for (const [name, weight] of scorers) {
    const column = rawColumn(name, set, eligible, fromRecords, quality);
    normaliseColumn(column, NORMALISE[name]);
    set.scoreColumns.set(name, column);
    weights.push(weight);
    columns.push(column);
  }
  const totals = new Array<number>(codes.length);
  set.totals = totals;
  const used = columns.length;
  let best = -1;
  let runnerUp = -1;
  // The best two totals, kept in locals: most candidates lose clearly, and only near-ties need `beats`.
  let bestTotal = 0;
  let runnerUpTotal = 0;
  for (let p = 0; p < count; p++) {
    let total = 0;
    for (let c = 0; c < used; c++) total += (weights[c] as number) * ((columns[c] as number[])[p] as number);
    const i = eligible[p] as number;
    totals[i] = total;
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
