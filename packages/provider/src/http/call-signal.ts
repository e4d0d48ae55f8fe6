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
 * An abort signal that fires on the caller's abort, after the whole-call timeout, or after an idle gap.
 *
 * @example
 * const call = createCallSignal(parent, { timeoutMs: 60_000, idleTimeoutMs: 10_000 }, clock);
 */
export interface CallSignal {
  /** Pass this to `fetch`. */
  signal: AbortSignal;
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
  const controller = new AbortController();
  let timedOut = false;
  let idleTimedOut = false;
  let wholeTimer: TimerHandle | undefined;
  let idleTimer: TimerHandle | undefined;
  let disposed = false;
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  const fire = (isIdle: boolean) => {
    if (controller.signal.aborted) return;
    timedOut = true;
    idleTimedOut = isIdle;
    const message = isIdle ? 'The provider went silent mid-answer' : 'The provider call timed out';
    controller.abort(new DOMException(message, 'TimeoutError'));
  };
  if (whole !== undefined && !controller.signal.aborted)
    wholeTimer = clock.setTimeout(() => fire(false), whole);
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    get idleTimedOut() {
      return idleTimedOut;
    },
    touch() {
      if (idle === undefined || disposed || controller.signal.aborted) return;
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
