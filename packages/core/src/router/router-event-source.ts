import type { EventEmitter } from 'eventemitter3';
import type { ListenerGuard } from './listener-guard.js';
import type { RouterEvents } from './router-core.js';

/**
 * A listener of one router event, called with that event's arguments.
 *
 * @example
 * const onDecision: RouterEventListener<'decision'> = (event) => console.log(event.requestId);
 */
export type RouterEventListener<E extends keyof RouterEvents> = (...args: RouterEvents[E]) => void;

/**
 * The event side of the router: typed `on`, `once` and `off`. Listeners are guarded — one that throws is
 * logged, never breaks a request.
 *
 * @example
 * router.on('keyStateChanged', (t) => log.info(`${t.keyId}: ${t.from} → ${t.to}`));
 */
export class RouterEventSource {
  readonly #emitter: EventEmitter<RouterEvents>;
  readonly #guard: ListenerGuard;

  protected constructor(emitter: EventEmitter<RouterEvents>, guard: ListenerGuard) {
    this.#emitter = emitter;
    this.#guard = guard;
  }

  /**
   * Listens to router events.
   *
   * @example
   * router.on('decision', ({ explanation }) => console.log(String(explanation)));
   */
  on<E extends keyof RouterEvents>(event: E, listener: RouterEventListener<E>): this {
    this.#emitter.on(event, this.#guard.wrap(listener) as never);
    return this;
  }

  /**
   * Listens once.
   *
   * @example
   * router.once('requestCompleted', (e) => console.log(e.latencyMs));
   */
  once<E extends keyof RouterEvents>(event: E, listener: RouterEventListener<E>): this {
    this.#emitter.once(event, this.#guard.wrap(listener) as never);
    return this;
  }

  /**
   * Stops listening.
   *
   * @example
   * router.off('decision', onDecision);
   */
  off<E extends keyof RouterEvents>(event: E, listener: RouterEventListener<E>): this {
    const guarded = this.#guard.find(listener);
    if (guarded) this.#emitter.off(event, guarded as never);
    return this;
  }
}
