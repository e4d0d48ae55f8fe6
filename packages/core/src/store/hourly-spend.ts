import { Decimal } from 'decimal.js';
import { addMoney, RunningTotal } from '../budget/money.js';
import type { BudgetScope, SpendSeries } from './spend-store.js';

const HOUR_MS = 3_600_000;

interface HourBucket {
  total: RunningTotal;
  requests: number;
}

interface Series {
  buckets: Map<number, HourBucket>;
  /** Hour of the last prune; pruning again within the same hour would find nothing new. */
  prunedHour: number;
}

/**
 * Options of the hourly spend series behind `MemorySpendStore`.
 *
 * @example
 * new MemorySpendStore({ retentionMs: 7 * 86_400_000, maxSeries: 1000 });
 */
export interface HourlySpendOptions {
  /** How long hourly buckets are kept. Default 35 days (a month window plus slack). @example 604_800_000 */
  retentionMs?: number;
  /** Most series kept; the least recently written is dropped beyond it. Default 10,000. @example 1000 */
  maxSeries?: number;
}

/**
 * Spend per series (key, model, provider, tag, global) in one bucket per UTC hour. Memory is bounded by
 * `maxSeries × retentionMs / 1 h` buckets: old hours are pruned when a series is written, and the least
 * recently written series goes when there are too many (tags can have unbounded values).
 *
 * @example
 * const hours = new HourlySpend();
 * hours.add([{ dimension: 'key', id: 'k1' }], new Decimal('0.01'), clock.now());
 */
export class HourlySpend {
  readonly #series = new Map<string, Series>();
  readonly #retentionMs: number;
  readonly #maxSeries: number;

  #pending: Array<{ series: readonly SpendSeries[]; amount: Decimal; at: number }> = [];

  constructor(options: HourlySpendOptions = {}) {
    this.#retentionMs = options.retentionMs ?? 35 * 86_400_000;
    this.#maxSeries = options.maxSeries ?? 10_000;
  }

  /** Adds one request costing `amount` at instant `at` to every series. */
  add(series: readonly SpendSeries[], amount: Decimal, at: number): void {
    // Appended now, folded into the hourly buckets on the next read (or every 32 adds): a request's commit
    // then costs one push instead of an exact Decimal addition per series. A short batch, because what waits
    // in it (the request's series and amount) lives on: at 512 most of it outlived two scavenges and was
    // promoted to the old generation, a third of what a routed request promoted (--trace-gc-nvp).
    this.#pending.push({ series, amount, at });
    if (this.#pending.length >= 32) this.#flush();
  }

  #flush(): void {
    const pending = this.#pending;
    if (pending.length === 0) return;
    this.#pending = [];
    for (const { series, amount, at } of pending) this.#fold(series, amount, at);
  }

  #fold(series: readonly SpendSeries[], amount: Decimal, at: number): void {
    const hour = Math.floor(at / HOUR_MS) * HOUR_MS;
    for (const one of series) {
      const name = seriesName(one);
      let entry = this.#series.get(name);
      if (entry) {
        // Re-insert so Map order is least recently written first.
        this.#series.delete(name);
      } else {
        entry = { buckets: new Map(), prunedHour: Number.NEGATIVE_INFINITY };
      }
      this.#series.set(name, entry);
      const bucket = entry.buckets.get(hour);
      // Most requests have no known price: a zero adds nothing, so the exact addition is skipped.
      const zero = amount.isZero();
      if (bucket) {
        if (!zero) bucket.total.add(amount);
        bucket.requests += 1;
      } else {
        const total = new RunningTotal();
        if (!zero) total.add(amount);
        entry.buckets.set(hour, { total, requests: 1 });
      }
      if (entry.prunedHour !== hour) {
        entry.prunedHour = hour;
        for (const start of entry.buckets.keys()) {
          if (start < at - this.#retentionMs) entry.buckets.delete(start);
        }
      }
    }
    while (this.#series.size > this.#maxSeries) {
      const oldest = this.#series.keys().next().value;
      if (oldest === undefined) break;
      this.#series.delete(oldest);
    }
  }

  /** Spend of a series over the hours overlapping `[from, to)`. */
  between(series: SpendSeries, from: number, to: number): { total: Decimal; requests: number } {
    this.#flush();
    const buckets = this.#series.get(seriesName(series))?.buckets;
    let total = new Decimal(0);
    let requests = 0;
    if (!buckets) return { total, requests };
    const firstHour = Math.floor(from / HOUR_MS) * HOUR_MS;
    for (const [start, bucket] of buckets) {
      if (start >= firstHour && start < to) {
        total = addMoney(total, bucket.total.value());
        requests += bucket.requests;
      }
    }
    return { total, requests };
  }

  /** Ids of the series kept for `dimension`. */
  ids(dimension: BudgetScope): string[] {
    this.#flush();
    const prefix = `${dimension}\u0000`;
    const ids: string[] = [];
    for (const name of this.#series.keys()) if (name.startsWith(prefix)) ids.push(name.slice(prefix.length));
    return ids;
  }

  /** Number of hourly buckets held, for memory checks. */
  get bucketCount(): number {
    this.#flush();
    let count = 0;
    for (const series of this.#series.values()) count += series.buckets.size;
    return count;
  }
}

function seriesName(series: SpendSeries): string {
  return `${series.dimension}\u0000${series.id}`;
}
