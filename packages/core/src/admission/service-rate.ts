/**
 * How fast the router has been handing capacity out lately: the instants of the last `size` admissions, in
 * a fixed ring (bounded memory), counted over a trailing window.
 *
 * @example
 * const rate = new ServiceRate(10_000);
 * rate.record(clock.now());
 * rate.perMs(clock.now()); // admissions per ms over the last 10 s, or undefined with too few samples
 */
export class ServiceRate {
  readonly #windowMs: number;
  readonly #stamps: Float64Array;
  #next = 0;
  #count = 0;
  #first: number | undefined;

  constructor(windowMs: number, size = 1_024) {
    this.#windowMs = windowMs;
    this.#stamps = new Float64Array(size);
  }

  /** Notes one admission at `now`. */
  record(now: number): void {
    this.#first ??= now;
    this.#stamps[this.#next] = now;
    this.#next = (this.#next + 1) % this.#stamps.length;
    if (this.#count < this.#stamps.length) this.#count++;
  }

  /**
   * Admissions per ms over the trailing window (or the span of the kept samples, if shorter), or undefined
   * with fewer than two samples in it: too little to predict from.
   */
  perMs(now: number): number | undefined {
    const size = this.#stamps.length;
    let inWindow = 0;
    let oldest = now;
    for (let k = 1; k <= this.#count; k++) {
      const at = this.#stamps[(this.#next - k + size) % size] as number;
      if (at < now - this.#windowMs) break;
      inWindow++;
      oldest = at;
    }
    if (inWindow < 2) return undefined;
    // A full ring younger than the window measures over its own span; a router younger than the window
    // over its age; otherwise over the whole window.
    const span =
      inWindow === size
        ? Math.max(1, now - oldest)
        : Math.max(1, Math.min(this.#windowMs, now - (this.#first ?? now)));
    return inWindow / span;
  }
}
