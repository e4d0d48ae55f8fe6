import type { KeyRecord } from './key-record.js';

/** Recent traffic counts for fairness with this half-life, so shares reflect now, not all-time totals. */
export const FAIRNESS_HALF_LIFE_MS = 60_000;
const REBASE_ABOVE = 1e100;

/**
 * Exponential decay without touching every key: instead of decaying each key's counter over time, each new
 * request counts `2^((now - epoch) / halfLife)`, a weight that grows with time. Comparing keys at one instant
 * then needs no per-key `pow`; the common decay factor cancels out in min-max normalisation. When the weight
 * grows too large, every counter is rescaled once (O(keys), about once every 80 hours of traffic).
 *
 * @example
 * fairness.markServed(record, clock.now());
 */
export class FairnessScale {
  #epoch: number;

  constructor(now: number) {
    this.#epoch = now;
  }

  /** Counts one request routed to `record`. */
  markServed(record: KeyRecord, now: number, all: Iterable<KeyRecord>): void {
    let weight = 2 ** ((now - this.#epoch) / FAIRNESS_HALF_LIFE_MS);
    if (weight > REBASE_ABOVE) {
      for (const other of all) {
        other.served /= weight;
        other.stamp++;
      }
      this.#epoch = now;
      weight = 1;
    }
    record.served += weight;
    record.stamp++;
  }

  /** The decay factor that turns scale units back into requests at `now` (for display). */
  toRequests(now: number): number {
    return 2 ** (-(now - this.#epoch) / FAIRNESS_HALF_LIFE_MS);
  }
}
