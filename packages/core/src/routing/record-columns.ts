import type { CandidateSet } from './candidate-set.js';

/** Which record-based raw measures a scoring round needs. */
export interface RecordColumnNeeds {
  latency: boolean;
  reliability: boolean;
  fairness: boolean;
}

/**
 * The raw inputs of the scorers that read key records, one value per eligible entry (in `eligible` order).
 * `latency` is NaN where unknown; `samples` is the successes behind a known latency (0 where unknown).
 */
export interface RecordColumns {
  latency: number[] | undefined;
  samples: number[] | undefined;
  reliability: number[] | undefined;
  fairness: number[] | undefined;
}

/**
 * Gathers the record-based raw measures of the eligible entries from what screening took of each key (see
 * `CandidateSet.latencies`): no key record is touched again, which with thousands of keys scattered in
 * memory is most of the cost. Reliability is already halved while `recovering`; fairness is the key's recent
 * load per weight.
 *
 * @example
 * const { fairness } = readRecordColumns(set, eligible, { latency: false, reliability: false, fairness: true });
 */
export function readRecordColumns(
  set: CandidateSet,
  eligible: readonly number[],
  needs: RecordColumnNeeds,
): RecordColumns {
  const count = eligible.length;
  const latency = needs.latency ? new Array<number>(count) : undefined;
  const samples = needs.latency ? new Array<number>(count) : undefined;
  const reliability = needs.reliability ? new Array<number>(count) : undefined;
  const fairness = needs.fairness ? new Array<number>(count) : undefined;
  const { latencies, successes, reliabilities, loads } = set;
  for (let p = 0; p < count; p++) {
    const i = eligible[p] as number;
    if (latency && samples) {
      const value = latencies[i] as number;
      const known = Number.isFinite(value);
      latency[p] = known ? value : Number.NaN;
      samples[p] = known ? (successes[i] as number) : 0;
    }
    if (reliability) reliability[p] = reliabilities[i] as number;
    if (fairness) fairness[p] = loads[i] as number;
  }
  return { latency, samples, reliability, fairness };
}
