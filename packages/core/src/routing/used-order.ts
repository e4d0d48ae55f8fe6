import type { KeyRecord } from '../keys/key-record.js';

/**
 * Slot number meaning "none" (end of the order).
 *
 * @example
 * for (let slot = order.first; slot !== NO_SLOT; slot = order.next(slot)) order.record(slot);
 */
export const NO_SLOT = -1;

/**
 * The used members of a group, least recently picked first, each at a slot it keeps while used (its facts
 * live at that slot, see `UsedFacts`). A doubly linked list over slots: moving a pick to the back and walking
 * from the front are O(1) per step, with no tombstones to skip (a Map re-inserted on every pick leaves one
 * per pick at its front until it compacts, and walking from the front skips them all).
 *
 * @example
 * const order = new UsedOrder(2);
 * const slot = order.add(record, epoch);
 * for (let s = order.first; s !== NO_SLOT; s = order.next(s)) order.record(s);
 */
export class UsedOrder {
  /** First slot handed out (the ones before are the group's quiet head). */
  readonly #base: number;
  readonly #slotOf = new Map<KeyRecord, number>();
  readonly #records: Array<KeyRecord | undefined> = [];
  readonly #next: number[] = [];
  readonly #prev: number[] = [];
  /** The quiet epoch each slot's member stopped being quiet at. */
  readonly #usedAt: number[] = [];
  readonly #free: number[] = [];
  #head = NO_SLOT;
  #tail = NO_SLOT;

  constructor(base: number) {
    this.#base = base;
  }

  get size(): number {
    return this.#slotOf.size;
  }

  /** The least recently picked member's slot, or {@link NO_SLOT}. */
  get first(): number {
    return this.#head;
  }

  /** The slot after `slot` in the order, or {@link NO_SLOT}. */
  next(slot: number): number {
    return this.#next[slot] as number;
  }

  record(slot: number): KeyRecord {
    return this.#records[slot] as KeyRecord;
  }

  /** The quiet epoch the member at `slot` stopped being quiet at. */
  usedAt(slot: number): number {
    return this.#usedAt[slot] as number;
  }

  has(record: KeyRecord): boolean {
    return this.#slotOf.has(record);
  }

  slotOf(record: KeyRecord): number | undefined {
    return this.#slotOf.get(record);
  }

  /** Adds a member at the back (most recently picked); returns its slot. */
  add(record: KeyRecord, epoch: number): number {
    const slot = this.#free.pop() ?? this.#base + this.#slotOf.size;
    this.#slotOf.set(record, slot);
    this.#records[slot] = record;
    this.#usedAt[slot] = epoch;
    this.#append(slot);
    return slot;
  }

  /** Removes a member; returns the slot it had. */
  remove(record: KeyRecord): number | undefined {
    const slot = this.#slotOf.get(record);
    if (slot === undefined) return undefined;
    this.#slotOf.delete(record);
    this.#unlink(slot);
    this.#records[slot] = undefined;
    this.#free.push(slot);
    return slot;
  }

  /** Moves a member to the back (most recently picked). */
  touch(record: KeyRecord): void {
    const slot = this.#slotOf.get(record);
    if (slot === undefined || slot === this.#tail) return;
    this.#unlink(slot);
    this.#append(slot);
  }

  #append(slot: number): void {
    this.#prev[slot] = this.#tail;
    this.#next[slot] = NO_SLOT;
    if (this.#tail === NO_SLOT) this.#head = slot;
    else this.#next[this.#tail] = slot;
    this.#tail = slot;
  }

  #unlink(slot: number): void {
    const prev = this.#prev[slot] as number;
    const next = this.#next[slot] as number;
    if (prev === NO_SLOT) this.#head = next;
    else this.#next[prev] = next;
    if (next === NO_SLOT) this.#tail = prev;
    else this.#prev[next] = prev;
  }
}
