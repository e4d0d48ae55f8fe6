/**
 * Limits a simulated provider enforces on one key without telling the client up front — what the router has
 * to respect (when declared) or learn (from headers).
 *
 * @example
 * ```ts
 * const limits: HiddenLimits = { rpm: 60, tpm: 90_000, rpd: 10_000, concurrency: 4 };
 * const fake = new FakeAdapter({ clock, keys: { 'sk-a': limits } });
 * ```
 */
export interface HiddenLimits {
  /** Requests per minute. */
  rpm?: number;
  /** Tokens per minute (prompt + max output, counted at admission like OpenAI). */
  tpm?: number;
  /** Requests per day. */
  rpd?: number;
  /** Tokens per day. */
  tpd?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** The key's billing quota is gone: every request gets the provider's "insufficient quota" error. */
  billingExhausted?: boolean;
}

/**
 * Why a request was refused by the hidden limits.
 *
 * @example
 * ```ts
 * const admission = limits.admit(50_000);
 * const kind: LimitRejectionKind | undefined = admission.ok ? undefined : admission.kind;
 * // 'too_large' when 50,000 exceeds the key's tpm, 'tokens' when it only has to wait
 * ```
 */
export type LimitRejectionKind =
  | 'requests'
  | 'tokens'
  | 'requests_day'
  | 'tokens_day'
  | 'concurrency'
  | 'too_large'
  | 'billing';

/**
 * The outcome of asking the limits to admit a request.
 *
 * @example
 * ```ts
 * const limits = new KeyLimitEnforcer({ rpm: 60, tpm: 10_000 }, () => clock.now());
 * const admission: Admission = limits.admit(500);
 * if (admission.ok) admission.release(420); // actual tokens, once the request is done
 * else console.log(admission.kind, admission.retryAfterMs);
 * ```
 */
export type Admission =
  | { ok: true; release: (actualTokens?: number) => void }
  | { ok: false; kind: LimitRejectionKind; retryAfterMs: number; limit: number; requested: number };

/**
 * Header-ready view of one window.
 *
 * @example
 * ```ts
 * const window: WindowSnapshot | undefined = limits.snapshot().tokens;
 * if (window) console.log(`${window.remaining}/${window.limit} tokens, full again in ${window.resetMs} ms`);
 * ```
 */
export interface WindowSnapshot {
  limit: number;
  remaining: number;
  /** Milliseconds until the window is fully replenished. */
  resetMs: number;
}

/**
 * Header-ready view of a key's limits after a request.
 *
 * @example
 * ```ts
 * const snapshot: LimitsSnapshot = limits.snapshot();
 * snapshot.requests?.remaining; // requests left in the current minute
 * openAIStyleRateLimitHeaders(snapshot); // { 'x-ratelimit-limit-requests': '60', … }
 * ```
 */
export interface LimitsSnapshot {
  requests?: WindowSnapshot;
  tokens?: WindowSnapshot;
  requestsPerDay?: WindowSnapshot;
  tokensPerDay?: WindowSnapshot;
}
