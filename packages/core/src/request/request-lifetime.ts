import type { Clock, TimerHandle } from '../clock/clock.js';
import { RouterError } from '../errors/router-error.js';

const TIMEOUT = (): RouterError => new RouterError('timeout', 'The request deadline passed');
const ABORTED = (): RouterError => new RouterError('aborted', 'The request was aborted');

/**
 * How long a request may live and how it ends early: at its deadline or when the caller's signal aborts.
 * Cheap by design — one timer and a few fields; the AbortSignal an adapter needs and the promise provider
 * calls race against are built only when somebody asks for them (an AbortSignal costs more than the rest of
 * a routing decision on Node 20).
 *
 * @example
 * const lifetime = new RequestLifetime(clock, clock.now() + 30_000, options.signal);
 * try { await untilEnded(adapter.execute(call), lifetime); } finally { lifetime.dispose(); }
 */
export class RequestLifetime {
  readonly #clock: Clock;
  #end: number;
  #timer: TimerHandle | undefined;
  #reason: RouterError | undefined;
  #controller: AbortController | undefined;
  #aborted: Promise<never> | undefined;
  #rejectAborted: ((reason: RouterError) => void) | undefined;
  #listeners: Array<(reason: RouterError) => void> | undefined;
  readonly #parent: AbortSignal | undefined;
  readonly #onParentAbort: (() => void) | undefined;

  /**
   * @param deadline Clock time at which the request times out.
   * @param parent The caller's signal; its abort ends the lifetime.
   * @param timed False for a shared idempotent flight: no timer, its callers each keep their own deadline.
   */
  constructor(clock: Clock, deadline: number, parent?: AbortSignal, timed = true) {
    this.#clock = clock;
    this.#end = deadline;
    if (timed) this.#schedule();
    if (parent) {
      this.#parent = parent;
      this.#onParentAbort = () => this.#finish(ABORTED());
      parent.addEventListener('abort', this.#onParentAbort, { once: true });
    }
  }

  /** Clock time after which the request has failed. */
  get deadline(): number {
    return this.#end;
  }

  /** True once the deadline passed or the caller aborted. */
  get ended(): boolean {
    return this.#reason !== undefined;
  }

  /** A signal that fires when the lifetime ends (its reason is a RouterError); built on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#reason) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Rejects with the reason when the lifetime ends; never resolves. Built on first use. */
  get aborted(): Promise<never> {
    if (!this.#aborted) {
      this.#aborted = new Promise<never>((_, reject) => {
        this.#rejectAborted = reject;
      });
      this.#aborted.catch(() => undefined);
      if (this.#reason) this.#rejectAborted?.(this.#reason);
    }
    return this.#aborted;
  }

  /** The error to end the request with: a fresh copy of the deadline's or the caller's. */
  endedError(): RouterError {
    const reason = this.#reason;
    return reason ? new RouterError(reason.category, reason.message) : ABORTED();
  }

  /** Calls `listener` once when the lifetime ends (at once if it has); returns an unsubscribe function. */
  onEnd(listener: (reason: RouterError) => void): () => void {
    if (this.#reason) {
      listener(this.#reason);
      return () => undefined;
    }
    if (!this.#listeners) this.#listeners = [];
    this.#listeners.push(listener);
    return () => {
      const at = this.#listeners?.indexOf(listener) ?? -1;
      if (at >= 0) this.#listeners?.splice(at, 1);
    };
  }

  /** Moves the deadline later (never earlier); a shared idempotent flight does this when a caller joins. */
  extendTo(deadline: number): void {
    if (deadline <= this.#end || this.#reason) return;
    this.#end = deadline;
    if (this.#timer !== undefined) this.#schedule();
  }

  /** Stops the timer and the listener on the caller's signal. Idempotent. */
  dispose(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#onParentAbort) this.#parent?.removeEventListener('abort', this.#onParentAbort);
  }

  #schedule(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = this.#clock.setTimeout(
      () => this.#finish(TIMEOUT()),
      Math.max(0, this.#end - this.#clock.now()),
    );
  }

  #finish(reason: RouterError): void {
    if (this.#reason) return;
    this.#reason = reason;
    this.dispose();
    this.#controller?.abort(reason);
    this.#rejectAborted?.(reason);
    const listeners = this.#listeners;
    this.#listeners = undefined;
    for (const listener of listeners ?? []) listener(reason);
  }
}

/**
 * Settles with the call, or rejects as soon as the lifetime ends (deadline or caller): the deadline holds
 * even against an adapter that ignores its AbortSignal. A call left behind has its eventual rejection
 * swallowed.
 *
 * @example
 * const response = await untilEnded(adapter.execute(call), request.lifetime);
 */
export function untilEnded<T>(call: Promise<T>, lifetime: RequestLifetime): Promise<T> {
  call.catch(() => undefined);
  if (lifetime.ended) return lifetime.aborted;
  return Promise.race([call, lifetime.aborted]);
}
