import type { KeyRecord } from '../keys/key-record.js';
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
  latency: Float64Array | undefined;
  samples: Float64Array | undefined;
  reliability: Float64Array | undefined;
  fairness: Float64Array | undefined;
}

/**
 * Reads every record-based raw measure in one pass over the eligible records: with thousands of keys the
 * records are scattered in memory, and touching each once instead of once per scorer is most of the cost.
 * Reliability is halved while `recovering`; fairness is the key's recent load per weight.
 *
 * @example
 * const { fairness } = readRecordColumns(set, eligible, { latency: false, reliability: false, fairness: true });
 */
export function readRecordColumns(
  set: CandidateSet,
  eligible: ArrayLike<number>,
  needs: RecordColumnNeeds,
): RecordColumns {
  // Typed columns: no element-kind transitions or boxing, and nothing for the collector to trace.
  const count = eligible.length;
  const latency = needs.latency ? new Float64Array(count) : undefined;
  const samples = needs.latency ? new Float64Array(count) : undefined;
  const reliability = needs.reliability ? new Float64Array(count) : undefined;
  const fairness = needs.fairness ? new Float64Array(count) : undefined;
  const { records } = set;
  for (let p = 0; p < count; p++) {
    const record = records[eligible[p] as number] as KeyRecord;
    if (latency && samples) {
      const value = record.latencyMs;
      const known = value !== undefined && Number.isFinite(value);
      latency[p] = known ? value : Number.NaN;
      samples[p] = known ? record.successes : 0;
    }
    if (reliability) reliability[p] = record.reliability * (record.state === 'recovering' ? 0.5 : 1);
    if (fairness) fairness[p] = record.fairnessLoad();
  }
  return { latency, samples, reliability, fairness };
}
