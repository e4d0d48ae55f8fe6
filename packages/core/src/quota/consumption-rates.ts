import { amountFor, isDayDimension, RPD, RPM, WINDOWED } from './dimension-table.js';

/** Half-life of the consumption rate of per-minute dimensions: a change of pace shows within half a minute. */
export const MINUTE_RATE_HALF_LIFE_MS = 30_000;
/** Half-life of the consumption rate of per-day dimensions: smooths bursts over tens of minutes. */
export const DAY_RATE_HALF_LIFE_MS = 600_000;

const MINUTE_DECAY = Math.LN2 / MINUTE_RATE_HALF_LIFE_MS;
const DAY_DECAY = Math.LN2 / DAY_RATE_HALF_LIFE_MS;

function decayOf(index: number): number {
  return isDayDimension(index) ? DAY_DECAY : MINUTE_DECAY;
}

/**
 * Exponentially weighted consumption rate (units per ms) of each windowed dimension of one key.
 *
 * Each amount `a` recorded at `t` contributes `a·λ·e^(−λ(now−t))` with `λ = ln 2 / half-life`, which under a
 * steady rate ρ converges to ρ. Two corrections keep young estimates honest: the very first event only
 * starts the clock (n events after it span n intervals, so a steady stream is not over-counted), and the
 * sum is divided by `1 − e^(−λ·age)` (the weight that has had time to accumulate), so a key that started a
 * few seconds ago already reports its true rate instead of a fraction of it.
 *
 * @example
 * const rates = new ConsumptionRates(now);
 * rates.add(now + 1_000, 1, 200, 300);
 * rates.perMs(TPM, now + 1_000); // ≈ 0.5 tokens/ms
 */
export class ConsumptionRates {
  readonly #rates: number[] = new Array<number>(WINDOWED).fill(0);
  readonly #since: number;
  #at: number;

  constructor(since: number) {
    this.#since = since;
    this.#at = since;
  }

  /** Records one request's consumption at `now` (amounts: requests, input tokens, output tokens). */
  add(now: number, requests: number, inputTokens: number, outputTokens: number): void {
    const elapsed = Math.max(0, now - this.#at);
    const minuteFactor = Math.exp(-MINUTE_DECAY * elapsed);
    const dayFactor = Math.exp(-DAY_DECAY * elapsed);
    for (let d = 0; d < WINDOWED; d++) {
      const amount = d === RPM || d === RPD ? requests : amountFor(d, inputTokens, outputTokens);
      const factor = isDayDimension(d) ? dayFactor : minuteFactor;
      this.#rates[d] = (this.#rates[d] as number) * factor + amount * decayOf(d);
    }
    this.#at = Math.max(this.#at, now);
  }

  /** Smoothed rate of dimension `index` at `now`, in units per ms (0 before the second event). */
  perMs(index: number, now: number): number {
    const lambda = decayOf(index);
    const age = now - this.#since;
    const warmed = 1 - Math.exp(-lambda * age);
    if (warmed <= 1e-9) return 0;
    return ((this.#rates[index] as number) * Math.exp(-lambda * Math.max(0, now - this.#at))) / warmed;
  }
}
