import type { Clock, TimerHandle } from '../clock/clock.js';

/** An abort signal that fires on the caller's abort or after a timeout measured on the router's clock. */
export interface CallSignal {
  /** Pass this to `fetch`. */
  signal: AbortSignal;
  /** True once the timeout (not the caller) aborted the call. */
  readonly timedOut: boolean;
  /** Stops the timer and detaches from the parent signal. Call when the call (and its body) is done. */
  dispose(): void;
}

/**
 * Links the caller's signal with a per-call timeout. Uses the clock, not real timers, so timeouts are testable.
 *
 * @example
 * const call = createCallSignal(parent, 30_000, clock);
 * try { await fetch(url, { signal: call.signal }); } finally { call.dispose(); }
 */
export function createCallSignal(
  parent: AbortSignal,
  timeoutMs: number | undefined,
  clock: Clock,
): CallSignal {
  const controller = new AbortController();
  let timedOut = false;
  let timer: TimerHandle | undefined;
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  if (timeoutMs !== undefined && timeoutMs > 0 && !controller.signal.aborted) {
    timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('The provider call timed out', 'TimeoutError'));
    }, timeoutMs);
  }
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      if (timer !== undefined) clock.clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}
