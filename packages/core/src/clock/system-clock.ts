import type { Clock, TimerHandle } from './clock.js';

/**
 * Wall-clock time and real timers. `setTimeout` timers are `unref`'d so a pending cool-down or deadline
 * never keeps a process alive; `sleep` is not, because somebody awaits it — a request waiting for a
 * throttled key must keep the process running until it settles.
 *
 * @example
 * const router = new ApiKeyRouter({ clock: new SystemClock() });
 */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(handle);
        reject(signal?.reason);
      };
      const handle = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
