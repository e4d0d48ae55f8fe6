import { RouterError, type StoreAvailability } from '@apikeyrouter/core';
import type { AvailabilityEvents } from './availability-events.js';

/**
 * One store's availability under its `onUnavailable` policy: whether it answers from Redis, from this
 * process (`local`, degraded) or fails (`unavailable`); emits `degraded`, `failing` and `recovered` once per
 * change and reports the state to the router's explanations (`availability()`).
 *
 * @example
 * const health = new StoreHealth('spend', 'local', events);
 * if (health.unavailable(error, now)) return decideLocally();
 */
export class StoreHealth {
  readonly #store: StoreAvailability['store'];
  readonly #policy: 'fail-closed' | 'local';
  readonly #events: AvailabilityEvents;
  #status: StoreAvailability | undefined;

  constructor(
    store: StoreAvailability['store'],
    policy: 'fail-closed' | 'local',
    events: AvailabilityEvents,
  ) {
    this.#store = store;
    this.#policy = policy;
    this.#events = events;
  }

  /** True while the store answers from this process. */
  get degraded(): boolean {
    return this.#status?.mode === 'local';
  }

  /** The state for explanations; undefined while Redis answers. */
  availability(): StoreAvailability | undefined {
    return this.#status;
  }

  /**
   * Called with a failed call's error: true when it means "Redis unavailable" and the policy is `local` (the
   * caller goes on locally); false for any other error, or under `fail-closed` (the caller rethrows).
   */
  unavailable(error: unknown, now: number): boolean {
    if (!RouterError.isInstance(error) || error.category !== 'store_unavailable') return false;
    const mode = this.#policy === 'local' ? 'local' : 'unavailable';
    if (this.#status?.mode !== mode) {
      this.#status = { store: this.#store, mode, since: now, reason: error.message };
      const event = mode === 'local' ? 'degraded' : 'failing';
      this.#events.emit({ store: this.#store, mode: event, reason: error.message, at: now });
    }
    return mode === 'local';
  }

  /** Called after a call that reached Redis; true when this ended a degraded or failing spell. */
  recovered(now: number): boolean {
    if (this.#status === undefined) return false;
    this.#status = undefined;
    this.#events.emit({ store: this.#store, mode: 'recovered', reason: 'Redis answers again', at: now });
    return true;
  }
}
