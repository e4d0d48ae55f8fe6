import type { QuotaWindowSpec } from './quota-store.js';

/**
 * A usage window kept as a short sorted list of non-empty buckets, `[bucket, amount per channel…]` flattened
 * into one array: an idle or lightly used key costs a few numbers, a busy one at most one entry per live bucket.
 * Counting follows {@link QuotaWindowSpec}: an amount in bucket `b` counts while the current bucket is below
 * `b + slots`, with `slots = ceil((windowMs + marginMs) / bucketMs) + 1`.
 *
 * @example
 * const window = new SparseWindow(QUOTA_WINDOWS.minute, 2);
 * window.add(now, now, [1, 700]);
 * window.sum(now, 1); // 700
 */
export class SparseWindow {
  readonly #bucketMs: number;
  readonly #slots: number;
  readonly #stride: number;
  #entries: number[] = [];

  constructor(spec: QuotaWindowSpec, channels: number) {
    this.#bucketMs = spec.bucketMs;
    this.#slots = Math.ceil((spec.windowMs + spec.marginMs) / spec.bucketMs) + 1;
    this.#stride = channels + 1;
  }

  /** True when nothing is counted. */
  get empty(): boolean {
    return this.#entries.length === 0;
  }

  /** Counts `amounts` (whole units, one per channel) at instant `at` ≤ now; already-expired amounts are dropped. */
  add(at: number, now: number, amounts: ArrayLike<number>): void {
    const current = Math.floor(now / this.#bucketMs);
    this.#prune(current);
    const bucket = Math.min(Math.floor(at / this.#bucketMs), current);
    if (bucket <= current - this.#slots) return;
    const entries = this.#entries;
    const stride = this.#stride;
    let index = entries.length - stride;
    while (index >= 0 && (entries[index] as number) > bucket) index -= stride;
    if (index < 0 || entries[index] !== bucket) {
      index += stride;
      entries.splice(index, 0, bucket, ...new Array<number>(stride - 1).fill(0));
    }
    for (let c = 1; c < stride; c++)
      entries[index + c] = (entries[index + c] as number) + (amounts[c - 1] ?? 0);
  }

  /** Amount of `channel` counted at `now`. */
  sum(now: number, channel: number): number {
    this.#prune(Math.floor(now / this.#bucketMs));
    let total = 0;
    for (let i = 1 + channel; i < this.#entries.length; i += this.#stride)
      total += this.#entries[i] as number;
    return total;
  }

  #prune(current: number): void {
    const entries = this.#entries;
    let drop = 0;
    while (drop < entries.length && (entries[drop] as number) <= current - this.#slots) drop += this.#stride;
    if (drop > 0) entries.splice(0, drop);
  }
}
