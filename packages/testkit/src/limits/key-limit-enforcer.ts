import type { Admission, HiddenLimits, LimitsSnapshot, WindowSnapshot } from './hidden-limits.js';
import { SlidingWindow } from './sliding-window.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Enforces {@link HiddenLimits} for one key on a clock, the way providers do: requests and tokens in sliding
 * windows, tokens counted at admission (prompt + requested output) and corrected to actual usage afterwards.
 *
 * @example
 * const limits = new KeyLimitEnforcer({ rpm: 60, tpm: 10_000 }, () => clock.now());
 * const admission = limits.admit(500);
 * if (admission.ok) admission.release(420);
 */
export class KeyLimitEnforcer {
  readonly #limits: HiddenLimits;
  readonly #now: () => number;
  readonly #requests = new SlidingWindow(MINUTE);
  readonly #tokens = new SlidingWindow(MINUTE);
  readonly #requestsDay = new SlidingWindow(DAY);
  readonly #tokensDay = new SlidingWindow(DAY);
  #inFlight = 0;

  constructor(limits: HiddenLimits, now: () => number) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Requests currently admitted and not yet released. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Admits a request needing `tokens`, or says which limit refuses it and for how long. */
  admit(tokens: number): Admission {
    const now = this.#now();
    const { rpm, tpm, rpd, tpd, concurrency, billingExhausted } = this.#limits;
    if (billingExhausted) return { ok: false, kind: 'billing', retryAfterMs: 0, limit: 0, requested: tokens };
    if (tpm !== undefined && tokens > tpm) {
      return { ok: false, kind: 'too_large', retryAfterMs: 0, limit: tpm, requested: tokens };
    }
    if (rpd !== undefined && this.#requestsDay.used(now) + 1 > rpd) {
      return {
        ok: false,
        kind: 'requests_day',
        retryAfterMs: this.#requestsDay.waitFor(now, rpd, 1),
        limit: rpd,
        requested: 1,
      };
    }
    if (tpd !== undefined && this.#tokensDay.used(now) + tokens > tpd) {
      return {
        ok: false,
        kind: 'tokens_day',
        retryAfterMs: this.#tokensDay.waitFor(now, tpd, tokens),
        limit: tpd,
        requested: tokens,
      };
    }
    if (rpm !== undefined && this.#requests.used(now) + 1 > rpm) {
      return {
        ok: false,
        kind: 'requests',
        retryAfterMs: this.#requests.waitFor(now, rpm, 1),
        limit: rpm,
        requested: 1,
      };
    }
    if (tpm !== undefined && this.#tokens.used(now) + tokens > tpm) {
      return {
        ok: false,
        kind: 'tokens',
        retryAfterMs: this.#tokens.waitFor(now, tpm, tokens),
        limit: tpm,
        requested: tokens,
      };
    }
    if (concurrency !== undefined && this.#inFlight + 1 > concurrency) {
      return { ok: false, kind: 'concurrency', retryAfterMs: 1000, limit: concurrency, requested: 1 };
    }
    this.#requests.add(now, 1);
    this.#requestsDay.add(now, 1);
    const tokenHandle = this.#tokens.add(now, tokens);
    const tokenDayHandle = this.#tokensDay.add(now, tokens);
    this.#inFlight++;
    let released = false;
    return {
      ok: true,
      release: (actualTokens?: number) => {
        if (released) return;
        released = true;
        this.#inFlight--;
        if (actualTokens !== undefined) {
          this.#tokens.adjust(tokenHandle, actualTokens);
          this.#tokensDay.adjust(tokenDayHandle, actualTokens);
        }
      },
    };
  }

  /** The state of each limited window, for rate-limit headers. */
  snapshot(): LimitsSnapshot {
    const now = this.#now();
    const view = (window: SlidingWindow, limit: number | undefined): WindowSnapshot | undefined =>
      limit === undefined
        ? undefined
        : { limit, remaining: Math.max(0, limit - window.used(now)), resetMs: window.resetMs(now) };
    const snapshot: LimitsSnapshot = {};
    const requests = view(this.#requests, this.#limits.rpm);
    const tokens = view(this.#tokens, this.#limits.tpm);
    const requestsPerDay = view(this.#requestsDay, this.#limits.rpd);
    const tokensPerDay = view(this.#tokensDay, this.#limits.tpd);
    if (requests) snapshot.requests = requests;
    if (tokens) snapshot.tokens = tokens;
    if (requestsPerDay) snapshot.requestsPerDay = requestsPerDay;
    if (tokensPerDay) snapshot.tokensPerDay = tokensPerDay;
    return snapshot;
  }
}
