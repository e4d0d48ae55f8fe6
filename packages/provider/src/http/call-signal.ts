import { EventEmitter } from 'node:events';
import type { Clock, TimerHandle } from '../clock/clock.js';

/**
 * The two timeouts of a provider call, identical in every adapter: `timeoutMs` bounds the whole call
 * (headers and body, stream included); `idleTimeoutMs` bounds each silence between stream chunks once the
 * stream has started. Either may be left out.
 *
 * @example
 * const timeouts: CallTimeouts = { timeoutMs: 120_000, idleTimeoutMs: 30_000 };
 */
export interface CallTimeouts {
  /** Whole-call limit in ms. */
  timeoutMs?: number;
  /** Longest silence between stream chunks in ms. */
  idleTimeoutMs?: number;
}

/**
 * The abort of a call without an AbortSignal: an EventEmitter that emits `abort` once, with `aborted` and
 * `reason` as on a signal. undici's `request` takes it as its `signal` (it accepts an EventEmitter).
 *
 * @example
 * const call = createCallSignal(parent, 30_000, clock);
 * await request(url, { signal: call.source });
 */
export class AbortSource extends EventEmitter {
  /** True once the call was aborted. */
  aborted = false;
  /** Why, once aborted (as `AbortSignal.reason`). */
  reason: unknown = undefined;
}

/**
 * An abort signal that fires on the caller's abort, after the whole-call timeout, or after an idle gap.
 *
 * @example
 * const call = createCallSignal(parent, { timeoutMs: 60_000, idleTimeoutMs: 10_000 }, clock);
 */
export interface CallSignal {
  /** Pass this to `fetch`. Built on first use: an AbortSignal costs more on Node 20 than the rest of this. */
  readonly signal: AbortSignal;
  /**
   * The same abort as {@link CallSignal.signal}, without building an AbortSignal: what undici's `request`
   * needs (`aborted`, `reason` and `abort` listeners), for the kit's own client.
   */
  readonly source: AbortSource;
  /** True once one of our timeouts (not the caller) aborted the call. */
  readonly timedOut: boolean;
  /** True when the timeout that fired was the idle one. */
  readonly idleTimedOut: boolean;
  /** Marks progress (a stream chunk arrived): starts or restarts the idle timer. */
  touch(): void;
  /** Stops the timers and detaches from the parent signal. Call when the call (and its body) is done. */
  dispose(): void;
}

function positive(ms: number | undefined): number | undefined {
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** A {@link CallSignal} as one object with its methods on the prototype: no closures built per call. */
class LinkedCallSignal implements CallSignal {
  readonly source = new AbortSource();
  timedOut = false;
  idleTimedOut = false;
  readonly #parent: AbortSignal;
  readonly #clock: Clock;
  readonly #idle: number | undefined;
  readonly #onParentAbort = (): void => this.#abort(this.#parent.reason);
  #controller: AbortController | undefined;
  #wholeTimer: TimerHandle | undefined;
  #idleTimer: TimerHandle | undefined;
  #disposed = false;

  constructor(parent: AbortSignal, whole: number | undefined, idle: number | undefined, clock: Clock) {
    this.#parent = parent;
    this.#clock = clock;
    this.#idle = idle;
    if (parent.aborted) this.#abort(parent.reason);
    else parent.addEventListener('abort', this.#onParentAbort, { once: true });
    if (whole !== undefined && !this.source.aborted)
      this.#wholeTimer = clock.setTimeout(() => this.#fire(false), whole);
  }

  // The AbortSignal is built only if somebody asks: on Node 20 it costs more than the rest of this.
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.source.aborted) this.#controller.abort(this.source.reason);
    }
    return this.#controller.signal;
  }

  touch(): void {
    if (this.#idle === undefined || this.#disposed || this.source.aborted) return;
    if (this.#idleTimer !== undefined) this.#clock.clearTimeout(this.#idleTimer);
    this.#idleTimer = this.#clock.setTimeout(() => this.#fire(true), this.#idle);
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#wholeTimer !== undefined) this.#clock.clearTimeout(this.#wholeTimer);
    if (this.#idleTimer !== undefined) this.#clock.clearTimeout(this.#idleTimer);
    this.#wholeTimer = undefined;
    this.#idleTimer = undefined;
    this.#parent.removeEventListener('abort', this.#onParentAbort);
  }

  #fire(isIdle: boolean): void {
    if (this.source.aborted) return;
    this.timedOut = true;
    this.idleTimedOut = isIdle;
    const message = isIdle ? 'The provider went silent mid-answer' : 'The provider call timed out';
    this.#abort(new DOMException(message, 'TimeoutError'));
  }

  #abort(reason: unknown): void {
    const source = this.source;
    if (source.aborted) return;
    source.aborted = true;
    source.reason = reason;
    this.#controller?.abort(reason);
    source.emit('abort');
  }
}

/**
 * Links the caller's signal with the call's timeouts, measured on the router's clock (so tests use a virtual
 * clock). A plain number is the whole-call timeout.
 *
 * @example
 * const call = createCallSignal(parent, { timeoutMs: 30_000 }, clock);
 * try { await fetch(url, { signal: call.signal }); } finally { call.dispose(); }
 */
export function createCallSignal(
  parent: AbortSignal,
  timeouts: number | CallTimeouts | undefined,
  clock: Clock,
): CallSignal {
  if (typeof timeouts === 'object') {
    return new LinkedCallSignal(
      parent,
      positive(timeouts.timeoutMs),
      positive(timeouts.idleTimeoutMs),
      clock,
    );
  }
  return new LinkedCallSignal(parent, positive(timeouts), undefined, clock);
}
