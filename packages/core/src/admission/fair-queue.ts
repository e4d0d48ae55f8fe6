import { PRIORITIES, type RequestPriority } from './admission-options.js';

/** What the queue needs to know of a waiter. */
export interface QueueEntry {
  readonly priority: RequestPriority;
  /** Fairness group (from the request's tags). */
  readonly group: string;
  /** Arrival order; a waiter that comes back after a failed turn keeps its number, so its place. */
  readonly seq: number;
}

interface PriorityClass<W> {
  groups: Map<string, W[]>;
  /** Group names in turn order; `cursor` is the group whose turn comes next. */
  rotation: string[];
  cursor: number;
}

/**
 * Waiters by priority, then by fairness group. Service order: every `interactive` waiter before any `batch`
 * one; inside a priority the groups take turns (round-robin, the turn moving on each time a group is served),
 * and each group is first come, first served. So a group with 500 waiters and a group with 1 alternate.
 *
 * @example
 * const queue = new FairQueue<QueueEntry>();
 * queue.add({ priority: 'batch', group: 'tenant=a', seq: 1 });
 * queue.order(); // [{ priority: 'batch', group: 'tenant=a', seq: 1 }]
 */
export class FairQueue<W extends QueueEntry> {
  #classes: Record<RequestPriority, PriorityClass<W>> = {
    interactive: { groups: new Map(), rotation: [], cursor: 0 },
    batch: { groups: new Map(), rotation: [], cursor: 0 },
  };
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds a waiter at its place in its group (by `seq`). */
  add(waiter: W): void {
    const cls = this.#classes[waiter.priority];
    let group = cls.groups.get(waiter.group);
    if (!group) {
      group = [];
      cls.groups.set(waiter.group, group);
      // A new group takes its first turn just before the current one comes round again.
      cls.rotation.splice(cls.cursor, 0, waiter.group);
      cls.cursor = (cls.cursor + 1) % cls.rotation.length;
    }
    let at = group.length;
    while (at > 0 && (group[at - 1] as W).seq > waiter.seq) at--;
    group.splice(at, 0, waiter);
    this.#size++;
  }

  /** Removes a waiter; false when it was not queued. */
  remove(waiter: W): boolean {
    const cls = this.#classes[waiter.priority];
    const group = cls.groups.get(waiter.group);
    const at = group ? group.indexOf(waiter) : -1;
    if (!group || at < 0) return false;
    group.splice(at, 1);
    this.#size--;
    if (group.length === 0) {
      cls.groups.delete(waiter.group);
      const index = cls.rotation.indexOf(waiter.group);
      cls.rotation.splice(index, 1);
      if (index < cls.cursor) cls.cursor--;
      if (cls.cursor >= cls.rotation.length) cls.cursor = 0;
    }
    return true;
  }

  /** Records that a waiter of `group` was served: the turn passes to the next group of its priority. */
  served(priority: RequestPriority, group: string): void {
    const cls = this.#classes[priority];
    const index = cls.rotation.indexOf(group);
    if (index >= 0) cls.cursor = (index + 1) % cls.rotation.length;
  }

  /** Every waiter in service order (a fresh array: safe to iterate while the queue changes). */
  order(): W[] {
    const out: W[] = [];
    for (const priority of PRIORITIES) {
      const cls = this.#classes[priority];
      const n = cls.rotation.length;
      for (let depth = 0, added = -1; added !== 0; depth++) {
        added = 0;
        for (let k = 0; k < n; k++) {
          const group = cls.groups.get(cls.rotation[(cls.cursor + k) % n] as string) as W[];
          const waiter = group[depth];
          if (waiter) {
            out.push(waiter);
            added++;
          }
        }
      }
    }
    return out;
  }

  /**
   * How many waiters a newcomer of this priority and group would have ahead of it: all more urgent ones, its
   * own group, and from every other group of its priority as many as get a turn before its own.
   */
  ahead(priority: RequestPriority, group: string): number {
    let count = 0;
    for (const p of PRIORITIES) {
      const cls = this.#classes[p];
      if (p !== priority) {
        for (const members of cls.groups.values()) count += members.length;
        continue;
      }
      const own = cls.groups.get(group)?.length ?? 0;
      for (const [name, members] of cls.groups)
        count += name === group ? own : Math.min(members.length, own + 1);
      break;
    }
    return count;
  }

  /** The most recently arrived waiter of a priority that `accept` allows, if any (to displace it). */
  newest(priority: RequestPriority, accept: (waiter: W) => boolean): W | undefined {
    let newest: W | undefined;
    for (const members of this.#classes[priority].groups.values())
      for (const waiter of members)
        if (accept(waiter) && (!newest || waiter.seq > newest.seq)) newest = waiter;
    return newest;
  }
}
