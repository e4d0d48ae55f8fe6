import { modelMatches } from '../adapter/capabilities.js';
import type { KeyRecord } from '../keys/key-record.js';
import { UsedFacts } from './used-facts.js';
import { NO_SLOT, UsedOrder } from './used-order.js';

/**
 * How many used keys of a group a decision screens. A group with at most `small` used keys is screened whole;
 * a larger one from its least recently picked key on, until `screen` of them passed every filter (see
 * `screenGroup`).
 *
 * @example
 * const large = group.used.size > ROTATION.small;
 */
export const ROTATION = { small: 8, screen: 2 } as const;

/**
 * Facts slots kept for the first quiet members (see {@link KeyGroup.quietHead}); used members come after.
 *
 * @example
 * const head = group.quietHead(QUIET_SLOTS, skip); // head[r] is remembered at slot r
 */
export const QUIET_SLOTS = 2;

/** The used members of a group no member of which was used yet (never written to). */
const NONE = new UsedOrder(QUIET_SLOTS);

/**
 * Keys of one provider with the same models, declared limits, weight and tags. Keys listing exact model ids
 * are grouped per model they list (see `CandidateIndex`): `models` is then that one model.
 *
 * A member is *quiet* until it is first picked or its state changes: no request served, no latency or
 * reliability sample, state `available`, no quota usage. Quiet members of a group are indistinguishable to
 * every filter and scorer (same price, limits and tags; served 0, latency unknown, reliability 1), and their
 * duplicates change no normalisation (min, max and mean of a column are the same with one copy or many).
 * Scoring ties among them go to the lowest key id, so a decision only needs the first two quiet members by id
 * (best and runner-up); the rest share the first one's exclusion or scores, and the explanation copies them
 * when it is read.
 *
 * Used members are kept least recently picked first ({@link touch} moves a pick to the back), each with a
 * slot of its own in {@link facts} that it keeps while used, so reordering moves no facts.
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
  /**
   * Used members, least recently picked first, with their facts slots. Created on first use: most groups of a
   * large pool are small and quiet.
   */
  #used: UsedOrder | undefined;
  /**
   * What the last decisions found about each used member, at its slot, and about the first quiet members at
   * slots `0 … QUIET_SLOTS - 1` (see {@link quietHead}).
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

  /** Members used before (decided one by one), least recently picked first, with their facts slots. */
  get used(): UsedOrder {
    return this.#used ?? NONE;
  }

  /** Remembered screening facts, slot by slot (see {@link UsedFacts}). */
  get facts(): UsedFacts {
    if (this.#facts === undefined) {
      this.#facts = new UsedFacts();
      this.#facts.ensure(QUIET_SLOTS);
    }
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
    const slot = this.#used?.remove(record);
    if (slot !== undefined) {
      this.#facts?.forget(slot);
      return false;
    }
    this.#dropQuiet(record);
    return true;
  }

  markUsed(record: KeyRecord, epoch: number): void {
    this.#dropQuiet(record);
    this.#markUsed(record, epoch);
  }

  /** A used member was picked: it goes to the back of the order (most recently picked). O(1). */
  touch(record: KeyRecord): void {
    this.#used?.touch(record);
  }

  #markUsed(record: KeyRecord, epoch: number): void {
    this.#used ??= new UsedOrder(QUIET_SLOTS);
    const slot = this.#used.add(record, epoch);
    this.facts.ensure(slot + 1);
    this.facts.forget(slot);
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
      const slot = this.#used?.slotOf(record);
      if (slot === undefined || this.used.usedAt(slot) > epoch) out.push(record);
    }
    return out;
  }

  /** The members that were used at `epoch` and still belong here, least recently picked first. */
  usedAt(epoch: number): KeyRecord[] {
    const out: KeyRecord[] = [];
    const used = this.used;
    for (let slot = used.first; slot !== NO_SLOT; slot = used.next(slot)) {
      const record = used.record(slot);
      const joined = this.#joined.get(record) ?? Number.POSITIVE_INFINITY;
      if (joined <= epoch && used.usedAt(slot) <= epoch) out.push(record);
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
