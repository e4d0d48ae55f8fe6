import type { RateLimiter, RateVerdict } from './rate-limiter.js';

/**
 * A sliding one-minute request limit for one virtual key: remembers the start times of the last `rpm`
 * admitted requests (bounded by `rpm`), so a burst can never exceed the limit within any 60 s.
 *
 * @example
 * const window = new RateWindow(60);
 * window.admit(clock.now()); // { ok: true } or { ok: false, retryAfterMs: 1234 }
 */
export class RateWindow implements RateLimiter {
  readonly #times: number[];
  #next = 0;
  #count = 0;

  constructor(readonly rpm: number) {
    this.#times = new Array<number>(rpm).fill(0);
  }

  /** Admits a request at `now` or says how long until one fits. */
  admit(now: number): RateVerdict {
    if (this.#count === this.rpm) {
      const oldest = this.#times[this.#next] ?? 0;
      const freeAt = oldest + 60_000;
      if (freeAt > now) return { ok: false, retryAfterMs: freeAt - now };
    } else {
      this.#count++;
    }
    this.#times[this.#next] = now;
    this.#next = (this.#next + 1) % this.rpm;
    return { ok: true };
  }
}
