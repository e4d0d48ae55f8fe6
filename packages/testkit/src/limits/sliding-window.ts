/**
 * A sliding window of weighted events (time, amount). Memory is bounded by the number of events inside the
 * window, which the limit itself bounds.
 *
 * @example
 * const rpm = new SlidingWindow(60_000);
 * rpm.add(now, 1);
 * rpm.used(now); // 1
 */
export class SlidingWindow {
  readonly #windowMs: number;
  #times: number[] = [];
  #amounts: number[] = [];
  #head = 0;
  #sum = 0;

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  /** Amount used within the window ending at `now`. */
  used(now: number): number {
    this.#evict(now);
    return this.#sum;
  }

  /** Records `amount` at `now`; returns a handle to adjust it later. */
  add(now: number, amount: number): number {
    this.#evict(now);
    this.#times.push(now);
    this.#amounts.push(amount);
    this.#sum += amount;
    return this.#times.length - 1;
  }

  /** Changes a recorded amount (e.g. estimated → actual tokens), if it is still in the window. */
  adjust(handle: number, amount: number): void {
    if (handle < this.#head || handle >= this.#amounts.length) return;
    this.#sum += amount - (this.#amounts[handle] as number);
    this.#amounts[handle] = amount;
  }

  /** Milliseconds until `needed` more fits under `limit` (0 when it fits now). */
  waitFor(now: number, limit: number, needed: number): number {
    this.#evict(now);
    let excess = this.#sum + needed - limit;
    if (excess <= 0) return 0;
    for (let i = this.#head; i < this.#times.length; i++) {
      excess -= this.#amounts[i] as number;
      if (excess <= 0) return (this.#times[i] as number) + this.#windowMs - now;
    }
    return this.#windowMs;
  }

  /** Milliseconds until every current event has left the window. */
  resetMs(now: number): number {
    this.#evict(now);
    const last = this.#times[this.#times.length - 1];
    return last === undefined || this.#head >= this.#times.length ? 0 : last + this.#windowMs - now;
  }

  #evict(now: number): void {
    const horizon = now - this.#windowMs;
    while (this.#head < this.#times.length && (this.#times[this.#head] as number) <= horizon) {
      this.#sum -= this.#amounts[this.#head] as number;
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#amounts = this.#amounts.slice(this.#head);
      this.#head = 0;
    }
  }
}
