import type { Clock, TimerHandle } from './clock.js';
import { sleepOn } from './sleep-on.js';

/**
 * Wall-clock time and real timers. Timers are `unref`'d so a pending cool-down never keeps a process alive.
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
    return sleepOn(this, ms, signal);
  }
}
