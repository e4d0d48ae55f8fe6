/**
 * Opaque handle returned by {@link Clock.setTimeout}.
 *
 * @example
 * const handle: TimerHandle = clock.setTimeout(() => controller.abort(), 1000);
 */
export type TimerHandle = { readonly __timer: true } | ReturnType<typeof setTimeout>;

/**
 * The only source of time in ApiKeyRouter. Nothing reads `Date.now()` or sets a timer except through a
 * clock, so tests and simulations can run hours of traffic on a virtual clock in milliseconds. Adapters
 * receive the router's clock with every call and use it for timeouts and for turning relative resets into
 * instants.
 *
 * @example
 * const clock: Clock = new SystemClock();
 * await clock.sleep(100);
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `callback` once after `ms` milliseconds. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
  /**
   * Resolves after `ms` milliseconds, or rejects with the signal's reason when `signal` aborts first.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
