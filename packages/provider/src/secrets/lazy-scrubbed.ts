import { scrubData } from './scrub-data.js';

/**
 * A provider body scrubbed on first read and kept. Most callers never read the body, so walking it on every
 * call is work thrown away; behind a `raw` getter every read still returns only scrubbed data (spreads,
 * `structuredClone` and `JSON.stringify` read through the getter too). Writing replaces the body, as
 * assigning a plain property would.
 *
 * @example
 * const body = new LazyScrubbed(response.raw, (s) => scrubber.scrub(s));
 * const out = { model, get raw() { return body.read(); }, set raw(v: unknown) { body.write(v); } };
 */
export class LazyScrubbed {
  #source: unknown;
  #scrub: ((text: string) => string) | undefined;
  #value: unknown;

  constructor(source: unknown, scrub: (text: string) => string) {
    // Numbers, booleans, null and undefined hold no text: nothing to defer.
    if (source === null || (typeof source !== 'object' && typeof source !== 'string')) this.#value = source;
    else {
      this.#source = source;
      this.#scrub = scrub;
    }
  }

  /** The scrubbed body (scrubbed now if this is the first read; the same value on every later read). */
  read(): unknown {
    const scrub = this.#scrub;
    if (scrub !== undefined) {
      this.#value = scrubData(this.#source, scrub);
      this.#scrub = undefined;
      this.#source = undefined;
    }
    return this.#value;
  }

  /** Replaces the body with `value` (the caller's own data, kept as given). */
  write(value: unknown): void {
    this.#value = value;
    this.#scrub = undefined;
    this.#source = undefined;
  }
}
