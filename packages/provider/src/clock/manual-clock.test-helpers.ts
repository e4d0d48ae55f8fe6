import type { Clock, TimerHandle } from './clock.js';

interface Pending {
  at: number;
  callback: () => void;
}

/**
 * A clock for the kit's own tests (the kit cannot depend on core's VirtualClock): time moves only when the
 * test calls `advance`, which fires due timers in order.
 *
 * @example
 * const clock = new ManualClock(0); clock.setTimeout(fn, 10); await clock.advance(10);
 */
export class ManualClock implements Clock {
  #now: number;
  readonly #timers = new Map<number, Pending>();
  #next = 0;

  constructor(start = 0) {
    this.#now = start;
  }

  /** Timers not yet fired or cleared. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = ++this.#next;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), callback });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as unknown as number);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const handle = this.setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        this.clearTimeout(handle);
        reject(signal.reason);
      });
    });
  }

  /** Moves time forward, firing due timers (and letting promise callbacks run between them). */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      let due: [number, Pending] | undefined;
      for (const entry of this.#timers)
        if (entry[1].at <= target && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.#timers.delete(due[0]);
      this.#now = due[1].at;
      due[1].callback();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.#now = target;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
