import type { KeyRecord } from '../keys/key-record.js';
import type { KeyQuotaRecord } from '../quota/key-quota-record.js';

/**
 * Offsets of one key's facts in {@link UsedFacts.data}.
 *
 * @example
 * const headroom = facts.data[facts.offset(position) + FACT.headroom];
 */
export const FACT = {
  /** 1 when the facts below hold at the stamps, 0 when the key must be screened afresh. */
  valid: 0,
  /** `KeyRecord.stamp` the facts were taken at. */
  stamp: 1,
  /** `KeyQuotaRecord.version` of the key's quota replica then. */
  quotaVersion: 2,
  /** Request size the quota fit was checked for. */
  inputTokens: 3,
  outputTokens: 4,
  /** The fit holds for `from ≤ now < until` (window buckets, provider-only usage, stale reservations). */
  from: 5,
  until: 6,
  headroom: 7,
  /** `latencyMs`, NaN when unknown (the deadline filter reads it as is). */
  latency: 8,
  successes: 9,
  /** Reliability (remembered keys are `available`: never halved as while recovering). */
  reliability: 10,
  /** `fairnessLoad()`. */
  load: 11,
} as const;
const STRIDE = 12;

/**
 * What the last screening found about each used key of a group, at the key's slot in the group (see
 * `KeyGroup`; a slot is kept while the key is used, so picks that reorder the group move nothing here), in one
 * Float64Array: a key that passed every filter, with its quota headroom and its raw scorer
 * inputs, and the stamps of the key and its quota replica it was found at. While neither stamp moves, the
 * request is the same size, its fit has not lapsed and the deadline leaves room, a decision reads these facts
 * instead of screening the key again — a few numbers side by side instead of half a dozen objects scattered
 * over the heap. Only keys that were `available` (no timed state), outside quota groups, are remembered.
 *
 * @example
 * const facts = new UsedFacts();
 * facts.ensure(3);
 * facts.forget(2);
 */
export class UsedFacts {
  /** `STRIDE` numbers per used key, at its slot. */
  data = new Float64Array(0);
  /** The key and quota replica of each remembered position (undefined where none is remembered). */
  readonly records: Array<KeyRecord | undefined> = [];
  readonly replicas: Array<Readonly<KeyQuotaRecord> | undefined> = [];
  #count = 0;

  /** Number of positions kept. */
  get count(): number {
    return this.#count;
  }

  /** Makes room for positions `0 … count - 1` (new positions are not remembered). */
  ensure(count: number): void {
    if (count <= this.#count) return;
    if (count * STRIDE > this.data.length) {
      // Most groups of a large pool hold one or two keys: grow from exactly what is needed.
      const grown = new Float64Array(Math.max(count, this.#count * 2) * STRIDE);
      grown.set(this.data.subarray(0, this.#count * STRIDE));
      this.data = grown;
    }
    for (let at = this.#count; at < count; at++) {
      this.data[at * STRIDE + FACT.valid] = 0;
      this.records.push(undefined);
      this.replicas.push(undefined);
    }
    this.#count = count;
  }

  /** Makes position `at` screened afresh next time. */
  forget(at: number): void {
    this.data[at * STRIDE + FACT.valid] = 0;
    this.records[at] = undefined;
    this.replicas[at] = undefined;
  }

  /** Start of position `at` in {@link data}. */
  offset(at: number): number {
    return at * STRIDE;
  }

  /**
   * Remembers that `record` passed every filter with `headroom`, if its quota check can be reused: the
   * replica's memo is current, for this request size, and the key is outside quota groups. Otherwise
   * forgets the position.
   */
  remember(
    at: number,
    record: KeyRecord,
    replica: Readonly<KeyQuotaRecord> | undefined,
    inputTokens: number,
    outputTokens: number,
    headroom: number,
  ): void {
    const memo = replica?.fit;
    if (
      !replica ||
      !memo ||
      replica.group !== undefined ||
      memo.version !== replica.version ||
      memo.inputTokens !== inputTokens ||
      memo.outputTokens !== outputTokens ||
      memo.check.headroom !== headroom ||
      record.state !== 'available'
    ) {
      this.forget(at);
      return;
    }
    const data = this.data;
    const o = at * STRIDE;
    data[o + FACT.valid] = 1;
    data[o + FACT.stamp] = record.stamp;
    data[o + FACT.quotaVersion] = replica.version;
    data[o + FACT.inputTokens] = inputTokens;
    data[o + FACT.outputTokens] = outputTokens;
    data[o + FACT.from] = memo.from;
    // A reservation past its expiry is settled by the next check: the fit holds only until then.
    data[o + FACT.until] = replica.inFlight > 0 ? Math.min(memo.until, replica.staleAt) : memo.until;
    data[o + FACT.headroom] = headroom;
    data[o + FACT.latency] = record.latencyMs ?? Number.NaN;
    data[o + FACT.successes] = record.successes;
    data[o + FACT.reliability] = record.reliability;
    data[o + FACT.load] = record.fairnessLoad();
    this.records[at] = record;
    this.replicas[at] = replica;
  }
}
