import type { BudgetRecord } from '@apikeyrouter/core/store';
import { Decimal } from 'decimal.js';

interface Field {
  value: string;
  seq: number;
}

interface BudgetReplica {
  record: BudgetRecord | undefined;
  /** Sequence of the last put or remove. */
  seq: number;
  reserved: Field;
  buckets: Map<number, Field>;
  sum: { countFrom: number; text: string } | undefined;
}

/**
 * What this process's unpublished writes (reserves and commits) changed, for its next flush: budgets whose
 * reserved total changed, and the bucket each budget's latest commit wrote, as `[from, start]`.
 *
 * @example
 * const pending: PendingChanges = { reserved: new Set(['b1']), buckets: new Map([['b1', [0, 0]]]) };
 */
export interface PendingChanges {
  reserved: Set<string>;
  buckets: Map<string, [number, number]>;
}

/** Most own sequence numbers remembered while their echo is on its way (bounded). */
const MAX_OWN = 4_096;

/** The write sequence number a payload starts with. */
function seqOf(payload: string): number {
  const end = payload.indexOf('\n');
  return Number(end < 0 ? payload : payload.slice(0, end));
}

// A private high-precision class: the global Decimal rounds to 20 significant digits.
const Exact = Decimal.clone({ precision: 100 });

/**
 * This process's copy of the spend state that the synchronous reads (`getBudget`, `listBudgets`, `totals`)
 * answer from. It is updated from every write's reply (at once, for the writer) and from the published
 * change messages of every other replica, and fully reloaded after a reconnect. Every field keeps the write
 * sequence number it came from and ignores anything older, so replies and messages may arrive in any order.
 *
 * @example
 * const replica = new SpendReplica();
 * replica.apply('7\nreserve\nr\nbudget_1\n0.25');
 * replica.totals('budget_1', 0); // { spent: '0', reserved: '0.25' }
 */
export class SpendReplica {
  readonly #budgets = new Map<string, BudgetReplica>();
  /** Sequence numbers of this process's own writes, whose echo on the channel needs no second parse. */
  readonly #own = new Set<number>();
  #epoch = '';
  #budgetVersion = 0;
  #latestSeq = 0;
  /** Called whenever the budget version changes (a put or remove applied, or a reload): leases retire. */
  onBudgetVersion: (() => void) | undefined;

  /** The highest sequence number of a change applied (from a reply, a message or a snapshot). */
  get latestSeq(): number {
    return this.#latestSeq;
  }

  /**
   * How many budget puts and removes this replica has seen without a gap (Redis's `bver`): sent with every
   * reserve, which Redis refuses as stale when it differs.
   */
  get budgetVersion(): number {
    return this.#budgetVersion;
  }

  #entry(id: string): BudgetReplica {
    let entry = this.#budgets.get(id);
    if (entry === undefined) {
      entry = {
        record: undefined,
        seq: 0,
        reserved: { value: '0', seq: 0 },
        buckets: new Map(),
        sum: undefined,
      };
      this.#budgets.set(id, entry);
    }
    return entry;
  }

  /** A budget as last seen. */
  getBudget(id: string): BudgetRecord | undefined {
    return this.#budgets.get(id)?.record;
  }

  /** Every budget as last seen. */
  listBudgets(): BudgetRecord[] {
    const out: BudgetRecord[] = [];
    for (const entry of this.#budgets.values()) if (entry.record !== undefined) out.push(entry.record);
    return out;
  }

  /** Spend since `countFrom` and live holds, as last seen. */
  totals(id: string, countFrom: number): { spent: string; reserved: string } {
    const entry = this.#budgets.get(id);
    if (entry?.record === undefined) return { spent: '0', reserved: '0' };
    if (entry.sum?.countFrom !== countFrom) {
      // Values are normalised decimal strings (from the scripts): one bucket in the window (a calendar window
      // has one) is its own total, without a Decimal.
      let first: string | undefined;
      let total: Decimal | undefined;
      for (const [start, field] of entry.buckets) {
        if (start < countFrom) continue;
        if (first === undefined) first = field.value;
        else total = (total ?? new Exact(first)).plus(field.value);
      }
      entry.sum = { countFrom, text: total !== undefined ? total.toFixed() : (first ?? '0') };
    }
    return { spent: entry.sum.text, reserved: entry.reserved.value };
  }

  /**
   * Applies the payload a write of this process got back; its echo on the channel is then skipped. With
   * `pending`, the write was not published (a reserve or commit: the writer's flush publishes its budgets'
   * totals later, under a newer sequence number), so no echo is awaited and what it changed is noted there.
   */
  applyReply(payload: string, pending?: PendingChanges): void {
    this.apply(payload, pending);
    if (pending !== undefined) return;
    if (this.#own.size >= MAX_OWN) {
      // An echo that never came (a dropped subscriber): forget the oldest.
      const oldest = this.#own.values().next().value;
      if (oldest !== undefined) this.#own.delete(oldest);
    }
    this.#own.add(seqOf(payload));
  }

  /** Applies a message from the change channel, unless it is the echo of a reply already applied. */
  applyMessage(payload: string): void {
    if (this.#own.size > 0 && this.#own.delete(seqOf(payload))) return;
    this.apply(payload);
  }

  /** Applies one change message (or a write's reply payload), noting what it changed in `pending` if given. */
  apply(payload: string, pending?: PendingChanges): void {
    const parts = payload.split('\n');
    const seq = Number(parts[0]);
    if (seq > this.#latestSeq) this.#latestSeq = seq;
    const kind = parts[1];
    let at = 2;
    if (kind === 'put') {
      this.#put(parts[2] ?? '', parts[3] ?? '{}', seq);
      at = 4;
    } else if (kind === 'remove') {
      this.#remove(parts[2] ?? '', seq);
      at = 3;
    }
    while (at < parts.length) {
      const tag = parts[at];
      if (tag === 'b') {
        const id = parts[at + 1] ?? '';
        const from = Number(parts[at + 2]);
        const start = Number(parts[at + 3]);
        this.#bucket(id, from, start, parts[at + 4] ?? '0', seq);
        if (pending !== undefined) {
          const last = pending.buckets.get(id);
          if (last === undefined || start >= last[1]) pending.buckets.set(id, [from, start]);
        }
        at += 5;
      } else if (tag === 'v') {
        // Only the next version counts: after a gap (a put this replica has not heard of yet, its message
        // overtaken by a newer one) the version stays behind, so the next reserve is refused as stale and the
        // replica reloads instead of routing without that budget.
        const version = Number(parts[at + 1]);
        if (version === this.#budgetVersion + 1) this.#setBudgetVersion(version);
        at += 2;
      } else if (tag === 'r') {
        const id = parts[at + 1] ?? '';
        pending?.reserved.add(id);
        const entry = this.#entry(id);
        if (seq > entry.reserved.seq) entry.reserved = { value: parts[at + 2] ?? '0', seq };
        at += 3;
      } else {
        return;
      }
    }
  }

  /**
   * Loads the reply of the load script: `{seq, epoch, budget version, budgets (id, json)…, '', reserved (id,
   * value)…, '', buckets (id, start, value)…}` (see {@link load}).
   *
   * @example
   * replica.loadSnapshot(await connection.run(SPEND_LOAD, [base], [channel]));
   */
  loadSnapshot(reply: string[]): void {
    let at = 3;
    const budgets: Array<[string, string]> = [];
    while (reply[at] !== '' && at < reply.length) {
      budgets.push([reply[at] as string, reply[at + 1] as string]);
      at += 2;
    }
    at++;
    const reserved: Array<[string, string]> = [];
    while (reply[at] !== '' && at < reply.length) {
      reserved.push([reply[at] as string, reply[at + 1] as string]);
      at += 2;
    }
    at++;
    const buckets: Array<[string, number, string]> = [];
    while (at + 2 < reply.length) {
      buckets.push([reply[at] as string, Number(reply[at + 1]), reply[at + 2] as string]);
      at += 3;
    }
    this.load(Number(reply[0]), reply[1] ?? '', budgets, reserved, buckets, Number(reply[2]));
  }

  /**
   * Replaces everything with a snapshot taken at sequence `seq` of Redis data epoch `epoch`, keeping fields
   * that newer messages of the same epoch already set (applied while the snapshot was on its way).
   */
  load(
    seq: number,
    epoch: string,
    budgets: Array<[string, string]>,
    reserved: Array<[string, string]>,
    buckets: Array<[string, number, string]>,
    budgetVersion: number,
  ): void {
    // Sequence numbers restart with Redis's data: fields from an earlier epoch are never newer, and an own
    // sequence number remembered from before must not hide a message of the new data.
    this.#own.clear();
    const same = epoch === this.#epoch;
    const previous = same ? new Map(this.#budgets) : new Map<string, BudgetReplica>();
    // A put or remove applied while the snapshot was on its way is newer than it, within one epoch.
    this.#setBudgetVersion(same ? Math.max(this.#budgetVersion, budgetVersion) : budgetVersion);
    this.#latestSeq = same ? Math.max(this.#latestSeq, seq) : seq;
    this.#epoch = epoch;
    this.#budgets.clear();
    for (const [id, json] of budgets) {
      const entry = this.#entry(id);
      entry.seq = seq;
      entry.record = JSON.parse(json) as BudgetRecord;
    }
    for (const [id, value] of reserved) this.#entry(id).reserved = { value, seq };
    for (const [id, start, value] of buckets) this.#entry(id).buckets.set(start, { value, seq });
    for (const [id, old] of previous) {
      if (old.seq > seq) {
        const entry = this.#entry(id);
        entry.record = old.record;
        entry.seq = old.seq;
      }
      if (old.reserved.seq > seq) this.#entry(id).reserved = old.reserved;
      for (const [start, field] of old.buckets) {
        if (field.seq > seq) this.#entry(id).buckets.set(start, field);
      }
    }
  }

  /** Budgets and committed spend as last seen, to write back into a Redis that lost its data. */
  seed(): { budgets: Array<[string, string]>; buckets: Array<[string, string, string]> } {
    const budgets: Array<[string, string]> = [];
    const buckets: Array<[string, string, string]> = [];
    for (const [id, entry] of this.#budgets) {
      if (entry.record === undefined) continue;
      budgets.push([id, JSON.stringify(entry.record)]);
      for (const [start, field] of entry.buckets) buckets.push([id, String(start), field.value]);
    }
    return { budgets, buckets };
  }

  #setBudgetVersion(version: number): void {
    if (version === this.#budgetVersion) return;
    this.#budgetVersion = version;
    this.onBudgetVersion?.();
  }

  #put(id: string, json: string, seq: number): void {
    const entry = this.#entry(id);
    if (seq <= entry.seq) return;
    entry.seq = seq;
    entry.record = JSON.parse(json) as BudgetRecord;
  }

  #remove(id: string, seq: number): void {
    const entry = this.#entry(id);
    if (seq <= entry.seq) return;
    entry.seq = seq;
    entry.record = undefined;
    entry.buckets.clear();
    entry.reserved = { value: '0', seq };
    entry.sum = undefined;
  }

  #bucket(id: string, from: number, start: number, value: string, seq: number): void {
    const entry = this.#entry(id);
    entry.sum = undefined;
    for (const [bucket, field] of entry.buckets)
      if (bucket < from && field.seq < seq) entry.buckets.delete(bucket);
    const field = entry.buckets.get(start);
    if (field === undefined || seq > field.seq) entry.buckets.set(start, { value, seq });
  }
}
