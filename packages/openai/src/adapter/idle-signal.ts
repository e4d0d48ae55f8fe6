import { type CallSignal, type Clock, createCallSignal } from '@apikeyrouter/provider';

/**
 * A {@link CallSignal} whose timeout can be re-armed: a stream's timeout bounds the wait for the headers and
 * then every silence between chunks, not the whole answer. Built on `createCallSignal`, one phase at a time.
 *
 * @example
 * const idle = new IdleSignal(call.signal, 30_000, call.clock);
 * const res = await fetch(url, { signal: idle.signal });
 * idle.rearm(); // before each body read
 */
export class IdleSignal implements CallSignal {
  readonly #parent: AbortSignal;
  readonly #timeoutMs: number | undefined;
  readonly #clock: Clock;
  readonly #controller = new AbortController();
  #phase: CallSignal | undefined;
  #timedOut = false;
  #disposed = false;

  constructor(parent: AbortSignal, timeoutMs: number | undefined, clock: Clock) {
    this.#parent = parent;
    this.#timeoutMs = timeoutMs;
    this.#clock = clock;
    this.rearm();
  }

  /** The signal to give `fetch`; it aborts on the parent's abort or an idle timeout. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once an idle timeout (not the caller) aborted the call. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** Starts a fresh timeout period. */
  rearm(): void {
    this.#phase?.dispose();
    if (this.#disposed || this.#controller.signal.aborted) return;
    const phase = createCallSignal(this.#parent, this.#timeoutMs, this.#clock);
    const onAbort = () => {
      this.#timedOut = phase.timedOut;
      this.#controller.abort(phase.signal.reason);
    };
    if (phase.signal.aborted) onAbort();
    else phase.signal.addEventListener('abort', onAbort, { once: true });
    this.#phase = phase;
  }

  /** Stops the timer and detaches from the parent. */
  dispose(): void {
    this.#disposed = true;
    this.#phase?.dispose();
  }
}
