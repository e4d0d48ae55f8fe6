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
  const { timeoutMs, idleTimeoutMs } =
    typeof timeouts === 'object' ? timeouts : { timeoutMs: timeouts, idleTimeoutMs: undefined };
  const whole = positive(timeoutMs);
  const idle = positive(idleTimeoutMs);
  let controller: AbortController | undefined;
  const source = new AbortSource();
  let timedOut = false;
  let idleTimedOut = false;
  let wholeTimer: TimerHandle | undefined;
  let idleTimer: TimerHandle | undefined;
  let disposed = false;
  // The abort is kept here and emitted to plain listeners; the AbortSignal exists only if somebody asks.
  const abort = (why: unknown) => {
    if (source.aborted) return;
    source.aborted = true;
    source.reason = why;
    controller?.abort(why);
    source.emit('abort');
  };
  const onAbort = () => abort(parent.reason);
  if (parent.aborted) abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  const fire = (isIdle: boolean) => {
    if (source.aborted) return;
    timedOut = true;
    idleTimedOut = isIdle;
    const message = isIdle ? 'The provider went silent mid-answer' : 'The provider call timed out';
    abort(new DOMException(message, 'TimeoutError'));
  };
  if (whole !== undefined && !source.aborted) wholeTimer = clock.setTimeout(() => fire(false), whole);
  return {
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (source.aborted) controller.abort(source.reason);
      }
      return controller.signal;
    },
    source,
    get timedOut() {
      return timedOut;
    },
    get idleTimedOut() {
      return idleTimedOut;
    },
    touch() {
      if (idle === undefined || disposed || source.aborted) return;
      if (idleTimer !== undefined) clock.clearTimeout(idleTimer);
      idleTimer = clock.setTimeout(() => fire(true), idle);
    },
    dispose() {
      disposed = true;
      if (wholeTimer !== undefined) clock.clearTimeout(wholeTimer);
      if (idleTimer !== undefined) clock.clearTimeout(idleTimer);
      wholeTimer = undefined;
      idleTimer = undefined;
      parent.removeEventListener('abort', onAbort);
    },
  };
}
