/** Most settlements running in the background at once; past it a request waits for its own (backpressure). */
const MAX_PENDING = 10_000;

/**
 * Settlements (quota and spend commits or releases) that run after their request was answered, for stores
 * with `settlement: 'background'`. Tracks them so `router.settled()` can wait for every one started so far,
 * reports each failure (never an unhandled rejection), and bounds how many run at once.
 *
 * @example
 * const settlements = new Settlements((error, keyId) => console.error(keyId, error));
 * await settlements.track(reservation.settle(), 'key-a'); // resolves at once below the bound
 * await settlements.settled();
 */
export class Settlements {
  readonly #pending = new Set<Promise<void>>();
  readonly #onFailure: (error: unknown, keyId: string) => void;
  readonly #max: number;

  constructor(onFailure: (error: unknown, keyId: string) => void, max = MAX_PENDING) {
    this.#onFailure = onFailure;
    this.#max = max;
  }

  /** How many are still running. */
  get pending(): number {
    return this.#pending.size;
  }

  /**
   * Runs `settling` (for the key `keyId`) in the background. Resolves at once, or — while `max` are already running — once this one
   * has finished, so a store slower than the traffic cannot pile up unbounded work. Never rejects.
   */
  track(settling: Promise<void>, keyId: string): Promise<void> {
    const tracked: Promise<void> = settling.then(
      () => {
        this.#pending.delete(tracked);
      },
      (error: unknown) => {
        this.#pending.delete(tracked);
        this.#onFailure(error, keyId);
      },
    );
    this.#pending.add(tracked);
    return this.#pending.size > this.#max ? tracked : Promise.resolve();
  }

  /** Resolves once every settlement started before this call (and any started meanwhile) has finished. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
