import type { Clock, TimerHandle } from './clock.js';
import { sleepOn } from './sleep-on.js';

interface VirtualTimer {
  readonly __timer: true;
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

/**
 * Options for {@link VirtualClock}.
 *
 * @example
 * ```ts
 * const options: VirtualClockOptions = { start: Date.UTC(2026, 0, 1), autoAdvance: true };
 * const clock = new VirtualClock(options);
 * const router = new ApiKeyRouter({ clock }); // hours of simulated traffic run in milliseconds
 * ```
 */
export interface VirtualClockOptions {
  /** Start instant in epoch ms. Default: 2026-01-01T00:00:00Z. */
  start?: number;
  /**
   * When true, the clock jumps to the next timer whenever the process is otherwise idle (checked with
   * `setImmediate`). Meant for in-process simulations; with real I/O in flight it would jump too early.
   */
  autoAdvance?: boolean;
}

/** Lets real microtasks and immediates run so awaited work can schedule its next timer. */
const flushPending = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A clock that only moves when told to (or when idle, with `autoAdvance`). Timers fire in due order.
 *
 * @example
 * const clock = new VirtualClock();
 * const done = clock.sleep(60_000);
 * await clock.advance(60_000); // `done` is resolved, in no real time
 */
export class VirtualClock implements Clock {
  #now: number;
  #timers: VirtualTimer[] = [];
  #nextId = 1;
  #autoAdvance: boolean;
  #autoScheduled = false;

  constructor(options: VirtualClockOptions = {}) {
    this.#now = options.start ?? Date.UTC(2026, 0, 1);
    this.#autoAdvance = options.autoAdvance ?? false;
  }

  now(): number {
    return this.#now;
  }

  /** Number of timers waiting to fire. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer: VirtualTimer = {
      __timer: true,
      id: this.#nextId++,
      due: this.#now + Math.max(0, ms),
      callback,
    };
    // Insert keeping due order, ties in creation order.
    let index = this.#timers.length;
    while (index > 0 && (this.#timers[index - 1] as VirtualTimer).due > timer.due) index--;
    this.#timers.splice(index, 0, timer);
    if (this.#autoAdvance) this.#scheduleAutoAdvance();
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    const index = this.#timers.indexOf(handle as VirtualTimer);
    if (index >= 0) this.#timers.splice(index, 1);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `instant`, firing due timers in order and letting their async work run. */
  async advanceTo(instant: number): Promise<void> {
    await flushPending();
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.due > instant) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.due);
      next.callback();
      await flushPending();
    }
    this.#now = Math.max(this.#now, instant);
  }

  /** Fires timers until none is left or `limitMs` of virtual time has passed. */
  async runAll(limitMs = 86_400_000): Promise<void> {
    const end = this.#now + limitMs;
    await flushPending();
    while (this.#timers.length > 0 && (this.#timers[0] as VirtualTimer).due <= end) {
      await this.advanceTo((this.#timers[0] as VirtualTimer).due);
    }
  }

  #scheduleAutoAdvance(): void {
    if (this.#autoScheduled) return;
    this.#autoScheduled = true;
    setImmediate(() => {
      this.#autoScheduled = false;
      const next = this.#timers[0];
      if (!next) return;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.due);
      next.callback();
      if (this.#timers.length > 0) this.#scheduleAutoAdvance();
    });
  }
}
