import { RouterError } from '../errors/router-error.js';

/** Largest amount one bucket holds per channel (Uint32); more is clamped, which no real limit reaches. */
const MAX_BUCKET = 0xffff_ffff;

/** Shape of a {@link BucketRing}. */
export interface BucketRingOptions {
  /** The provider's window length in ms. @example 60_000 */
  windowMs: number;
  /** Bucket width in ms: the precision. @example 1_000 */
  bucketMs: number;
  /** Extra time every amount is kept beyond the window (0 for the minute window: see `usageInstant`). @example 0 */
  marginMs: number;
  /** Parallel counters kept per bucket (e.g. requests, tokens). @example 2 */
  channels: number;
}

/**
 * A rolling window of counters in fixed-width time buckets, several channels side by side. Memory is
 * bounded by the bucket count whatever the traffic, and is released entirely while the window is empty.
 *
 * Rounding is always conservative: an amount recorded at `t` is counted until the end of the bucket that
 * starts at least `windowMs + marginMs` after the start of its own bucket, i.e. for between
 * `windowMs + marginMs` and `windowMs + marginMs + bucketMs` — never less than the provider counts it when
 * `t` is no earlier than the provider's own count (callers record at `usageInstant`, after the provider saw
 * the request).
 *
 * @example
 * const ring = new BucketRing({ windowMs: 60_000, bucketMs: 1_000, marginMs: 0, channels: 2 });
 * ring.add(now, now, [1, 700]);
 * ring.sum(now, 1); // 700
 */
export class BucketRing {
  /** Bucket width in ms. @example 1_000 */
  readonly bucketMs: number;
  /** Number of live buckets. @example 61 */
  readonly slots: number;
  /** Counters per bucket, at most 4. @example 4 */
  readonly channels: number;
  /** slots × channels bucket values (whole units, 4 bytes each); undefined while empty. */
  #values: Uint32Array | undefined;
  // Per-channel sums of the live buckets, as fields rather than an array: one object less to fetch per check.
  #sum0 = 0;
  #sum1 = 0;
  #sum2 = 0;
  #sum3 = 0;
  /** Index (epoch ms / bucketMs) of the newest bucket. */
  #latest = 0;

  constructor(options: BucketRingOptions) {
    this.bucketMs = options.bucketMs;
    this.slots = Math.ceil((options.windowMs + options.marginMs) / options.bucketMs) + 1;
    this.channels = options.channels;
    if (this.channels < 1 || this.channels > 4) {
      throw new RouterError('configuration', `BucketRing supports 1 to 4 channels, not ${this.channels}`);
    }
  }

  /** True when nothing is counted (no memory held). */
  get empty(): boolean {
    return this.#values === undefined;
  }

  /** Records `amounts` (one per channel) at instant `at` (≤ now); amounts already out of the window are dropped. */
  add(at: number, now: number, amounts: ArrayLike<number>): void {
    this.#advance(now);
    const current = Math.floor(now / this.bucketMs);
    const bucket = Math.min(Math.floor(at / this.bucketMs), current);
    if (bucket <= current - this.slots) return;
    let values = this.#values;
    if (values === undefined) {
      values = new Uint32Array(this.slots * this.channels);
      this.#values = values;
      this.#latest = current;
    }
    const offset = this.#offset(bucket);
    for (let c = 0; c < this.channels; c++) {
      // Whole units, rounded up: a fractional estimate must not under-count.
      const amount = Math.min(Math.ceil(amounts[c] ?? 0), MAX_BUCKET - (values[offset + c] as number));
      if (amount <= 0) continue;
      values[offset + c] = (values[offset + c] as number) + amount;
      this.#addToSum(c, amount);
    }
  }

  /** Drops what left the window by `now` (frees the memory when nothing is left). */
  expire(now: number): void {
    this.#advance(now);
  }

  /** Instant by which everything now counted has left the window (the ring is freed then); Infinity while empty. */
  emptiesAt(): number {
    return this.#values === undefined
      ? Number.POSITIVE_INFINITY
      : (this.#latest + this.slots) * this.bucketMs;
  }

  /** Amount of `channel` in the window at `now`. */
  sum(now: number, channel: number): number {
    this.#advance(now);
    if (this.#values === undefined) return 0;
    return channel === 0 ? this.#sum0 : channel === 1 ? this.#sum1 : channel === 2 ? this.#sum2 : this.#sum3;
  }

  /**
   * Earliest instant ≥ now at which the window's `channel` is at most `target`, if nothing more is added;
   * `Infinity` for a negative target.
   */
  earliestAtMost(now: number, channel: number, target: number): number {
    let remaining = this.sum(now, channel);
    if (remaining <= target) return now;
    if (target < 0) return Number.POSITIVE_INFINITY;
    const values = this.#values as Uint32Array;
    for (let bucket = this.#latest - this.slots + 1; bucket <= this.#latest; bucket++) {
      remaining -= values[this.#offset(bucket) + channel] as number;
      if (remaining <= target) return (bucket + this.slots) * this.bucketMs;
    }
    return (this.#latest + this.slots) * this.bucketMs;
  }

  /** Calls `visit(expiresAt, amount)` for every non-empty bucket of `channel`, oldest first. */
  forEachExpiry(now: number, channel: number, visit: (expiresAt: number, amount: number) => void): void {
    this.#advance(now);
    const values = this.#values;
    if (values === undefined) return;
    for (let bucket = this.#latest - this.slots + 1; bucket <= this.#latest; bucket++) {
      const amount = values[this.#offset(bucket) + channel] as number;
      if (amount > 0) visit((bucket + this.slots) * this.bucketMs, amount);
    }
  }

  /** Instant when everything now counted in `channel` has left the window; undefined when nothing is. */
  resetAt(now: number, channel: number): number | undefined {
    this.#advance(now);
    const values = this.#values;
    if (values === undefined) return undefined;
    for (let bucket = this.#latest; bucket > this.#latest - this.slots; bucket--) {
      if ((values[this.#offset(bucket) + channel] as number) > 0) {
        return (bucket + this.slots) * this.bucketMs;
      }
    }
    return undefined;
  }

  #addToSum(channel: number, amount: number): void {
    if (channel === 0) this.#sum0 += amount;
    else if (channel === 1) this.#sum1 += amount;
    else if (channel === 2) this.#sum2 += amount;
    else this.#sum3 += amount;
  }

  /** Start of a bucket's row; safe for negative bucket indices (instants before 1970 in tests). */
  #offset(bucket: number): number {
    return (((bucket % this.slots) + this.slots) % this.slots) * this.channels;
  }

  /** Drops the buckets that left the window since the last call; frees the memory once all are empty. */
  #advance(now: number): void {
    const values = this.#values;
    if (values === undefined) return;
    const current = Math.floor(now / this.bucketMs);
    const steps = current - this.#latest;
    if (steps <= 0) return;
    this.#latest = current;
    if (steps < this.slots) {
      for (let bucket = current - steps + 1; bucket <= current; bucket++) {
        const offset = this.#offset(bucket);
        for (let c = 0; c < this.channels; c++) {
          this.#addToSum(c, -(values[offset + c] as number));
          values[offset + c] = 0;
        }
      }
      if (this.#sum0 > 0 || this.#sum1 > 0 || this.#sum2 > 0 || this.#sum3 > 0) return;
    }
    this.#values = undefined;
    this.#sum0 = 0;
    this.#sum1 = 0;
    this.#sum2 = 0;
    this.#sum3 = 0;
  }
}
