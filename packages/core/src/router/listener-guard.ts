import type { RouterCore } from './router-core.js';

/**
 * Wraps event listeners so they cannot break routing: events fire in the middle of bookkeeping (after a
 * reservation, before a commit), so an exception from user code is logged and swallowed, never thrown into
 * a request. The same listener always maps to the same wrapper, so `off()` finds it.
 *
 * @example
 * emitter.on('decision', guard.wrap(listener));
 */
export class ListenerGuard {
  readonly #wrappers = new WeakMap<object, (...args: unknown[]) => void>();

  constructor(private readonly core: RouterCore) {}

  /** The guarded form of `listener`. */
  wrap(listener: object): (...args: unknown[]) => void {
    let guarded = this.#wrappers.get(listener);
    if (!guarded) {
      const call = listener as (...args: unknown[]) => void;
      guarded = (...args: unknown[]) => {
        try {
          call(...args);
        } catch (error) {
          this.core.logger?.error?.('router event listener threw', {
            error: this.core.redactor.scrub(String(error)),
          });
        }
      };
      this.#wrappers.set(listener, guarded);
    }
    return guarded;
  }

  /** The wrapper made for `listener`, if any. */
  find(listener: object): ((...args: unknown[]) => void) | undefined {
    return this.#wrappers.get(listener);
  }
}
