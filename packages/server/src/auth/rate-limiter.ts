/**
 * What a virtual key's request limit says about one more request.
 *
 * @example
 * const verdict: RateVerdict = { ok: false, retryAfterMs: 1200 };
 */
export type RateVerdict = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * A virtual key's requests-per-minute limit: {@link RateWindow} in one process, {@link SharedRateWindow} when
 * replicas share Redis state.
 *
 * @example
 * const verdict = await limiter.admit(clock.now());
 */
export interface RateLimiter {
  /** Requests per minute. */
  readonly rpm: number;
  /** Admits a request at `now` (counting it) or says how long until one fits. */
  admit(now: number): RateVerdict | Promise<RateVerdict>;
}
