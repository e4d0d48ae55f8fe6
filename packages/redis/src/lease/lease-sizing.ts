import type { LeaseSettings } from './lease-options.js';

/** How many requests the first lease of a key (or budget line set) covers. */
const FIRST_SIZE = 4;

interface Sizing {
  size: number;
  /** Router-clock ms until which requests reserve one by one (the last lease was refused). */
  directUntil: number;
}

/**
 * How many requests the next lease of each lease key should cover: it doubles while leases run out before their
 * time and halves when one is settled mostly unused, so a lease lasts about its active period at the traffic
 * seen. After a refused lease the key goes without leases for one active period (it is near a limit, where
 * every request must ask Redis). Bounded: at most `maxKeys` keys are remembered (the oldest are forgotten).
 *
 * @example
 * const sizing = new LeaseSizing(settings);
 * const requests = sizing.size('key_1', now); // 0 while the key reserves one by one
 */
export class LeaseSizing {
  readonly #settings: LeaseSettings;
  readonly #maxKeys: number;
  readonly #sizes = new Map<string, Sizing>();

  constructor(settings: LeaseSettings, maxKeys = 10_000) {
    this.#settings = settings;
    this.#maxKeys = maxKeys;
  }

  /** Requests the next lease of `key` should cover; 0 when the key reserves one by one until later. */
  size(key: string, now: number): number {
    const found = this.#sizes.get(key);
    if (found === undefined) return FIRST_SIZE;
    return now < found.directUntil ? 0 : found.size;
  }

  /** A lease ran out of room before its active period ended: the next one covers twice as many. */
  exhausted(key: string): void {
    const sizing = this.#entry(key);
    sizing.size = Math.min(this.#settings.maxRequests, sizing.size * 2);
  }

  /** A lease was settled having admitted `admitted` of the `size` requests it covered. */
  settled(key: string, admitted: number, size: number): void {
    const sizing = this.#entry(key);
    if (admitted * 4 < size) sizing.size = Math.max(2, Math.floor(sizing.size / 2));
  }

  /** Redis refused a lease: reserve one by one for an active period. */
  refused(key: string, now: number): void {
    const sizing = this.#entry(key);
    sizing.size = FIRST_SIZE;
    sizing.directUntil = now + this.#settings.activeMs;
  }

  #entry(key: string): Sizing {
    let sizing = this.#sizes.get(key);
    if (sizing === undefined) {
      if (this.#sizes.size >= this.#maxKeys) {
        const oldest = this.#sizes.keys().next().value;
        if (oldest !== undefined) this.#sizes.delete(oldest);
      }
      sizing = { size: FIRST_SIZE, directUntil: 0 };
      this.#sizes.set(key, sizing);
    }
    return sizing;
  }
}
