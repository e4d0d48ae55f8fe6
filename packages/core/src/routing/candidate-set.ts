import type { Decimal } from 'decimal.js';
import { modelMatches } from '../adapter/capabilities.js';
import type { ProviderAdapter } from '../adapter/provider-adapter.js';
import { formatInstant } from '../clock/instant.js';
import type { KeyRecord } from '../keys/key-record.js';
import type { CandidateIndex } from './candidate-index.js';
import { expandEntries } from './candidate-set-expansion.js';
import type { CandidateExplanation, ExclusionCode, ScorerName } from './explanation/explanation-types.js';
import type { KeyGroup } from './key-group.js';
import { type ScoreParams, scoreOf } from './score-params.js';

/** Quiet keys of a group that share the outcome of entry `index` (see {@link KeyGroup}). */
export interface EchoedKeys {
  index: number;
  group: KeyGroup;
  /** The index epoch of the decision: the keys quiet then. */
  epoch: number;
  count: number;
}

/**
 * Used keys of a large group a decision did not screen (see `screenGroup`), listed when read.
 *
 * @example
 * set.defer(group, index.epoch, segment, 4); // set.deferred[0].screened === 4
 */
export interface DeferredKeys {
  group: KeyGroup;
  /** The index epoch of the decision: the keys used then. */
  epoch: number;
  segment: number;
  /** Used keys of the group the decision screened. */
  screened: number;
}

/** A provider whose groups limited to other models are excluded (code `model`), listed when read. */
export interface UnlistedGroups {
  index: CandidateIndex;
  providerId: string;
  segment: number;
  servesByDefault: boolean;
}

/** The candidate a decision picked: what the attempt loop needs to call it. */
export interface PickedCandidate {
  /** Index in its set. */
  index: number;
  record: KeyRecord;
  adapter: ProviderAdapter;
  keyId: string;
  providerId: string;
  /** Provider model id. */
  model: string;
  maxCost: Decimal | undefined;
  total: number;
}

/**
 * The candidates of one decision, stored column-wise so filtering and scoring 10,000 keys allocates almost
 * nothing per key. Explanation objects are built only when someone reads them ({@link CandidateSet.explain}).
 */
export class CandidateSet {
  readonly records: KeyRecord[] = [];
  /**
   * Runs of entries served by one adapter and model (keys of one provider share one), in order: a segment's
   * entries are the ones from its `start` to the next segment's.
   */
  readonly segments: Array<{ adapter: ProviderAdapter; model: string; start: number }> = [];
  /**
   * Exclusion code by entry, undefined while eligible. Only as long as the last excluded entry: most entries of
   * a large pool are eligible, and an entry past the end reads undefined.
   */
  readonly codes: Array<ExclusionCode | undefined> = [];
  // The columns below are written only for the entries that need them (holey arrays): most keys of a large
  // pool are excluded or never reach the later filters, and pushing nine values per key cost more than the
  // filters themselves.
  readonly details: Array<string | undefined> = [];
  readonly retryAts: Array<number | undefined> = [];
  readonly headrooms: number[] = [];
  readonly maxCosts: Array<Decimal | undefined> = [];
  /** Weighted totals by entry (set by scoring; meaningful for eligible entries only). */
  totals: Float64Array = new Float64Array(0);
  /** Raw scorer inputs of eligible entries, taken while screening: `latencyMs` (NaN when unknown), successes. */
  readonly latencies: number[] = [];
  readonly successes: number[] = [];
  /** Reliability as scored (halved while recovering) and fairness load. */
  readonly reliabilities: number[] = [];
  readonly loads: number[] = [];
  /** How scoring normalised the raw inputs (set by scoring): an entry's scores are computed from it when read. */
  scoring: ScoreParams | undefined;
  /**
   * Keys not stored one by one: copies of a stored entry, whole groups excluded by model, and used keys of
   * large groups passed over.
   */
  readonly echoes: EchoedKeys[] = [];
  readonly unlisted: UnlistedGroups[] = [];
  readonly deferred: DeferredKeys[] = [];
  /** Wall time spent filtering and scoring this set, in µs (see `RoutingExplanation.decisionMicros`). */
  decisionMicros = 0;
  #explained: CandidateExplanation[] | undefined;

  get size(): number {
    return this.records.length;
  }

  /** Starts a run of entries served by one adapter and model; returns the segment for {@link add}. */
  segment(adapter: ProviderAdapter, model: string): number {
    this.segments.push({ adapter, model, start: this.records.length });
    return this.segments.length - 1;
  }

  /** Adds an entry, eligible until excluded. Returns its index. */
  add(record: KeyRecord, segment: number): number {
    if (segment !== this.segments.length - 1) throw new Error('entries are added to the latest segment only');
    this.records.push(record);
    return this.records.length - 1;
  }

  /** The segment of an entry (binary search over the segment starts: a set has a handful). */
  segmentAt(index: number): number {
    const segments = this.segments;
    let low = 0;
    let high = segments.length - 1;
    // The last segment starting at or before `index` (empty segments share their successor's start).
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((segments[mid] as { start: number }).start <= index) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The model of an entry. */
  modelOf(index: number): string {
    return (this.segments[this.segmentAt(index)] as { model: string }).model;
  }

  /** Marks an entry ineligible with a reason. */
  exclude(index: number, code: ExclusionCode, detail: string, retryAt?: number): void {
    const codes = this.codes;
    while (codes.length < index) codes.push(undefined);
    codes[index] = code;
    this.details[index] = detail;
    this.retryAts[index] = retryAt;
  }

  /** Records that `count` more quiet keys of `group` share entry `index`'s outcome. */
  echo(index: number, group: KeyGroup, epoch: number, count: number): void {
    this.echoes.push({ index, group, epoch, count });
  }

  /** Records that the used keys of `group` after the first `screened` were not screened (code `rotation`), lazily. */
  defer(group: KeyGroup, epoch: number, segment: number, screened: number): void {
    this.deferred.push({ group, epoch, segment, screened });
  }

  /** Excludes the provider's keys limited to models other than the segment's (code `model`), lazily. */
  excludeUnlisted(
    index: CandidateIndex,
    providerId: string,
    segment: number,
    servesByDefault: boolean,
  ): void {
    this.unlisted.push({ index, providerId, segment, servesByDefault });
  }

  /**
   * The keys excluded by {@link excludeUnlisted}, each once, with their group and segment. A key listing
   * several models is in one group per model: its groups for other models are passed over when it serves
   * the segment's model through another.
   */
  *unlistedKeys(): Generator<{ record: KeyRecord; group: KeyGroup; segment: number }> {
    for (const { index, providerId, segment, servesByDefault } of this.unlisted) {
      const model = this.segments[segment]?.model ?? '';
      const listed = new Set<KeyRecord>();
      for (const group of index.groupsOf(providerId)) {
        if (!group.models || group.serves(model, servesByDefault)) continue;
        for (const record of group.members()) {
          if (listed.has(record) || (record.models && modelMatches(record.models, model))) continue;
          listed.add(record);
          yield { record, group, segment };
        }
      }
    }
  }

  isEligible(index: number): boolean {
    return this.codes[index] === undefined;
  }

  /** Earliest instant an excluded entry becomes usable again, if any says. */
  earliestRetry(): number | undefined {
    let earliest: number | undefined;
    for (const at of this.retryAts)
      if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
    return earliest;
  }

  /** True when every entry was excluded with this code. */
  allExcludedBy(code: ExclusionCode): boolean {
    const unlisted = !this.unlistedKeys().next().done;
    if (unlisted && code !== 'model') return false;
    if (this.size === 0) return unlisted;
    return this.codes.length === this.size && this.codes.every((c) => c === code);
  }

  pick(index: number): PickedCandidate {
    const record = this.records[index] as KeyRecord;
    const segment = this.segments[this.segmentAt(index)] as {
      adapter: ProviderAdapter;
      model: string;
    };
    return {
      index,
      record,
      adapter: segment.adapter,
      keyId: record.id,
      providerId: record.providerId,
      model: segment.model,
      maxCost: this.maxCosts[index],
      total: this.totals[index] as number,
    };
  }

  /** The explanation entries, one per key (echoed and group-excluded keys included), built once on first read. */
  explain(): CandidateExplanation[] {
    if (!this.#explained) this.#explained = expandEntries(this, (i) => this.#entry(i));
    return this.#explained;
  }

  #entry(i: number): CandidateExplanation {
    const record = this.records[i] as KeyRecord;
    const entry: CandidateExplanation = {
      keyId: record.id,
      label: record.label,
      providerId: record.providerId,
      model: this.modelOf(i),
      eligible: this.codes[i] === undefined,
    };
    const code = this.codes[i];
    if (code !== undefined) {
      const retryAt = this.retryAts[i];
      const detail = this.details[i] ?? code;
      entry.exclusion =
        retryAt === undefined
          ? { code, detail }
          : { code, detail: `${detail} (until ${formatInstant(retryAt)})`, retryAt };
    } else {
      const scores: Partial<Record<ScorerName, number>> = {};
      const scoring = this.scoring;
      if (scoring) for (const name of scoring.names) scores[name] = scoreOf(this, scoring, name, i);
      entry.scores = scores;
      entry.total = this.totals[i] as number;
    }
    return entry;
  }
}
