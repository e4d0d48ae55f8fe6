const BUCKETS = 10;

/**
 * Most keys remembered as having failed recently, per provider. Opening needs only `minKeys` of them, so a
 * provider with 10,000 keys still costs a fixed amount of memory.
 */
export const MAX_TRACKED_FAILING_KEYS = 64;

/** Counts of one provider's window. */
export interface WindowCounts {
  /** Outage failures in the window. */
  failures: number;
  /** Calls that ended in the window, failures included. */
  total: number;
  /** Different keys among the recent failures (at most {@link MAX_TRACKED_FAILING_KEYS}). */
  keys: number;
}

/**
 * Successes and outage failures of one provider over a sliding window, in ten buckets (a call counts for
 * between 90 and 100 % of the window), plus the keys that failed recently. Fixed size whatever the traffic.
 *
 * @example
 * const window = new OutcomeWindow(30_000);
 * window.record(false, 'openai_1a2b', clock.now());
 * window.counts(clock.now()); // { failures: 1, total: 1, keys: 1 }
 */
export class OutcomeWindow {
  readonly #windowMs: number;
  readonly #span: number;
  readonly #slots = new Array<number>(BUCKETS).fill(Number.NEGATIVE_INFINITY);
  readonly #ok = new Array<number>(BUCKETS).fill(0);
  readonly #failed = new Array<number>(BUCKETS).fill(0);
  readonly #failingKeys = new Map<string, number>();

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
    this.#span = Math.max(1, Math.ceil(windowMs / BUCKETS));
  }

  #bucket(now: number): number {
    const slot = Math.floor(now / this.#span);
    const i = ((slot % BUCKETS) + BUCKETS) % BUCKETS;
    if (this.#slots[i] !== slot) {
      this.#slots[i] = slot;
      this.#ok[i] = 0;
      this.#failed[i] = 0;
    }
    return i;
  }

  /** Counts one ended call: a success, or an outage failure of `keyId`. */
  record(ok: boolean, keyId: string, now: number): void {
    const i = this.#bucket(now);
    if (ok) {
      this.#ok[i] = (this.#ok[i] as number) + 1;
      return;
    }
    this.#failed[i] = (this.#failed[i] as number) + 1;
    // Re-inserting moves the key to the newest end, so the oldest is the one dropped.
    this.#failingKeys.delete(keyId);
    this.#failingKeys.set(keyId, now);
    if (this.#failingKeys.size > MAX_TRACKED_FAILING_KEYS) {
      const oldest = this.#failingKeys.keys().next().value as string;
      this.#failingKeys.delete(oldest);
    }
  }

  /** The counts of the window ending now. */
  counts(now: number): WindowCounts {
    const current = Math.floor(now / this.#span);
    let failures = 0;
    let total = 0;
    for (let i = 0; i < BUCKETS; i++) {
      const slot = this.#slots[i] as number;
      if (slot > current - BUCKETS && slot <= current) {
        failures += this.#failed[i] as number;
        total += (this.#failed[i] as number) + (this.#ok[i] as number);
      }
    }
    let keys = 0;
    for (const at of this.#failingKeys.values()) if (at > now - this.#windowMs) keys++;
    return { failures, total, keys };
  }

  /** Forgets everything (after the circuit closes, old failures must not reopen it). */
  clear(): void {
    this.#slots.fill(Number.NEGATIVE_INFINITY);
    this.#failingKeys.clear();
  }
}
