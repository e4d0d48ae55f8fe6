/**
 * What a Redis-backed store reports about its own availability.
 *
 * @example
 * stores.onAvailability((event) => log.warn(event.store, event.mode, event.reason));
 */
export interface AvailabilityEvent {
  /** Which store. @example 'quota' */
  store: 'keys' | 'quota' | 'spend';
  /**
   * `degraded`: Redis is unavailable and the store now answers from per-replica shares of each limit;
   * `failing`: Redis is unavailable and the store fails calls with `store_unavailable`;
   * `recovered`: Redis answers again. @example 'degraded'
   */
  mode: 'degraded' | 'failing' | 'recovered';
  /** Why (never key material or credentials). @example 'Redis store unavailable during quota.reserve: …' */
  reason: string;
  /** Epoch ms of the change, from the caller's clock when known. @example 1767225600000 */
  at: number;
}

/**
 * A set of availability listeners; a throwing listener never disturbs the store.
 *
 * @example
 * const events = new AvailabilityEvents();
 * events.emit({ store: 'quota', mode: 'degraded', reason: 'timeout', at: Date.now() });
 */
export class AvailabilityEvents {
  readonly #listeners = new Set<(event: AvailabilityEvent) => void>();

  /** Adds a listener; returns the function that removes it. */
  on(listener: (event: AvailabilityEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls every listener. */
  emit(event: AvailabilityEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // Listeners are observers; the store goes on.
      }
    }
  }
}
