import type { Clock, TimerHandle } from './clock.js';

/** Node turns any delay above this into 1 ms, so longer waits are re-armed in steps. */
const MAX_TIMER_MS = 2_147_483_647;

interface Timer {
  current: ReturnType<typeof setTimeout>;
}

function arm(timer: Timer, due: number, callback: () => void): void {
  const wait = Math.min(MAX_TIMER_MS, Math.max(0, due - Date.now()));
  timer.current = setTimeout(() => {
    if (Date.now() < due) arm(timer, due, callback);
    else callback();
  }, wait);
}

/**
 * Wall-clock time and real timers, for adapters used without a router (which passes its own clock with
 * every call). Delays beyond Node's 2^31−1 ms timer limit are honoured, not fired at once.
 *
 * @example
 * const adapter = new OpenAIAdapter({ clock: systemClock });
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = {} as Timer;
    const delay = Number.isFinite(ms) ? Math.max(0, ms) : MAX_TIMER_MS;
    arm(timer, Date.now() + delay, callback);
    return timer as unknown as TimerHandle;
  },
  clearTimeout(handle: TimerHandle): void {
    const timer = handle as unknown as Partial<Timer>;
    if (timer.current !== undefined) clearTimeout(timer.current);
  },
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        systemClock.clearTimeout(handle);
        reject(signal?.reason);
      };
      const handle = systemClock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
