import { modelMatches } from '../adapter/capabilities.js';
import type { KeyRecord } from '../keys/key-record.js';
import { UsedFacts } from './used-facts.js';

const NONE: readonly KeyRecord[] = [];

/**
 * Keys of one provider with the same models, declared limits, weight and tags.
 *
 * A member is *quiet* until it is first picked or its state changes: no request served, no latency or
 * reliability sample, state `available`, no quota usage. Quiet members of a group are indistinguishable to
 * every filter and scorer (same price, limits and tags; served 0, latency unknown, reliability 1), and their
 * duplicates change no normalisation (min, max and mean of a column are the same with one copy or many).
 * Scoring ties among them go to the lowest key id, so a decision only needs the first two quiet members by id
 * (best and runner-up); the rest share the first one's exclusion or scores, and the explanation copies them
 * when it is read. Used members are walked one by one.
 *
 * @example
 * const [first, second] = group.quietHead(2, excluded);
 */
export class KeyGroup {
  readonly signature: string;
  readonly providerId: string;
  readonly models: readonly string[] | undefined;
  /** Whether the group lists only exact model ids (no `prefix*` pattern): the index files it under each. */
  readonly exact: boolean;
  /** Members with the quiet epoch they joined at. */
  readonly #joined = new Map<KeyRecord, number>();
  /** Quiet members, by id ascending (the scorer's last tie-break). */
  readonly #quiet: KeyRecord[] = [];
  /** Members decided one by one, with the epoch they stopped being quiet at (created on first use: most groups of a large pool are small and quiet). */
  #used: Map<KeyRecord, number> | undefined;
  /**
   * The same members as an array, in the order they joined (registration order, which is allocation order:
   * walking records and their quota state in that order is markedly kinder to the CPU cache than id order).
   */
  #usedList: KeyRecord[] | undefined;
  /**
   * What the last decisions found about each used member, at the same positions as {@link used}, then about
   * the first quiet members (see {@link quietHead}) after them.
   */
  #facts: UsedFacts | undefined;

  /**
   * The declared limits, as text: the quota check of a quiet key depends on nothing else (no usage, no learned
   * limit), so quiet keys of groups with the same limits share one check per decision.
   */
  readonly limits: string;

  constructor(signature: string, providerId: string, models: readonly string[] | undefined, limits: string) {
    this.signature = signature;
    this.limits = limits;
    this.providerId = providerId;
    this.models = models;
    this.exact = models !== undefined && !models.some((entry) => entry.endsWith('*'));
  }

  get size(): number {
    return this.#joined.size;
  }

  /** Members used before (decided one by one). */
  get used(): readonly KeyRecord[] {
    return this.#usedList ?? NONE;
  }

  /** Remembered screening facts of the used members, position by position (see {@link UsedFacts}). */
  get facts(): UsedFacts {
    this.#facts ??= new UsedFacts();
    return this.#facts;
  }

  /** Number of quiet members. */
  get quietCount(): number {
    return this.#quiet.length;
  }

  /** Whether the group's keys can serve `model` (`servesByDefault`: the provider lists it, for keys without a model list). */
  serves(model: string, servesByDefault: boolean): boolean {
    return this.models ? modelMatches(this.models, model) : servesByDefault;
  }

  isQuiet(record: KeyRecord): boolean {
    return this.#joined.has(record) && !this.#used?.has(record);
  }

  add(record: KeyRecord, quiet: boolean, epoch: number): void {
    this.#joined.set(record, epoch);
    if (quiet) this.#quiet.splice(this.#position(record.id), 0, record);
    else this.#markUsed(record, epoch);
  }

  /** Removes a member; returns whether it was quiet. */
  remove(record: KeyRecord): boolean {
    this.#joined.delete(record);
    if (this.#used?.delete(record)) {
      const at = this.#usedList?.indexOf(record) ?? -1;
      this.#usedList?.splice(at, 1);
      this.#facts?.remove(at);
      return false;
    }
    this.#dropQuiet(record);
    return true;
  }

  markUsed(record: KeyRecord, epoch: number): void {
    this.#dropQuiet(record);
    this.#markUsed(record, epoch);
  }

  #markUsed(record: KeyRecord, epoch: number): void {
    if (!this.#used || !this.#usedList) {
      this.#used = new Map();
      this.#usedList = [];
    }
    this.#used.set(record, epoch);
    const joined = this.#joined.get(record) ?? 0;
    const list = this.#usedList;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#joined.get(list[mid] as KeyRecord) ?? 0) < joined) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, record);
    this.facts.insert(lo);
  }

  /** The first `count` quiet members by id that `skip` does not rule out (into `out`, emptied first). */
  quietHead(count: number, skip: (record: KeyRecord) => boolean, out: KeyRecord[] = []): KeyRecord[] {
    out.length = 0;
    for (const record of this.#quiet) {
      if (out.length >= count) break;
      if (!skip(record)) out.push(record);
    }
    return out;
  }

  /** The members that were quiet at `epoch` and still belong here, in the order they joined. */
  quietAt(epoch: number): KeyRecord[] {
    const out: KeyRecord[] = [];
    for (const [record, joined] of this.#joined) {
      if (joined > epoch) continue;
      const left = this.#used?.get(record);
      if (left === undefined || left > epoch) out.push(record);
    }
    return out;
  }

  /** Every member, for explanations of a group excluded as a whole. */
  members(): IterableIterator<KeyRecord> {
    return this.#joined.keys();
  }

  #position(id: string): number {
    let lo = 0;
    let hi = this.#quiet.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#quiet[mid] as KeyRecord).id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #dropQuiet(record: KeyRecord): void {
    const at = this.#position(record.id);
    if (this.#quiet[at] === record) this.#quiet.splice(at, 1);
  }
}
