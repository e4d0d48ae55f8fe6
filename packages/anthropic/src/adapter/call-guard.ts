import { type AdapterCall, createCallSignal, type TimerHandle } from '@apikeyrouter/provider';

/** The abort signal of one provider call, with its timeout policy. */
export interface CallGuard {
  /** Pass to `fetch`; aborts on the caller's abort or the timeout. @example fetch(url, { signal: guard.signal }) */
  signal: AbortSignal;
  /** True once the timeout (not the caller) aborted the call. @example guard.timedOut; // false */
  readonly timedOut: boolean;
  /** Restarts the silence timer (streams); a no-op for whole-call timeouts. @example guard.progress() */
  progress(): void;
  /** Stops timers and detaches from the caller's signal. @example guard.dispose() */
  dispose(): void;
}

/**
 * Guards a call on the router's clock. `whole`: `timeoutMs` bounds the entire call (headers and body), via
 * {@link createCallSignal}. `idle`: for streams, `timeoutMs` bounds the wait for headers and then every silence
 * between chunks, so a long generation that keeps talking is never cut.
 *
 * @example
 * const guard = guardCall(call, 60_000, 'idle');
 * for await (const chunk of body) guard.progress();
 */
export function guardCall(
  call: Pick<AdapterCall, 'signal' | 'clock'>,
  timeoutMs: number | undefined,
  mode: 'whole' | 'idle',
): CallGuard {
  if (mode === 'whole' || timeoutMs === undefined || timeoutMs <= 0) {
    const whole = createCallSignal(call.signal, timeoutMs, call.clock);
    return {
      signal: whole.signal,
      get timedOut() {
        return whole.timedOut;
      },
      progress() {},
      dispose: () => whole.dispose(),
    };
  }
  const watchdog = new AbortController();
  const linked = createCallSignal(AbortSignal.any([call.signal, watchdog.signal]), undefined, call.clock);
  let timedOut = false;
  let timer: TimerHandle | undefined;
  const arm = () => {
    if (timer !== undefined) call.clock.clearTimeout(timer);
    if (linked.signal.aborted) return;
    timer = call.clock.setTimeout(() => {
      timedOut = true;
      watchdog.abort(new DOMException('The provider went silent', 'TimeoutError'));
    }, timeoutMs);
  };
  arm();
  return {
    signal: linked.signal,
    get timedOut() {
      return timedOut;
    },
    progress: arm,
    dispose() {
      if (timer !== undefined) call.clock.clearTimeout(timer);
      timer = undefined;
      linked.dispose();
    },
  };
}
