/**
 * Limits a simulated provider enforces on one key without telling the client up front — what the router has
 * to respect (when declared) or learn (from headers).
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

/** Why a request was refused by the hidden limits. */
export type LimitRejectionKind =
  | 'requests'
  | 'tokens'
  | 'requests_day'
  | 'tokens_day'
  | 'concurrency'
  | 'too_large'
  | 'billing';

/** The outcome of asking the limits to admit a request. */
export type Admission =
  | { ok: true; release: (actualTokens?: number) => void }
  | { ok: false; kind: LimitRejectionKind; retryAfterMs: number; limit: number; requested: number };

/** Header-ready view of one window. */
export interface WindowSnapshot {
  limit: number;
  remaining: number;
  /** Milliseconds until the window is fully replenished. */
  resetMs: number;
}

/** Header-ready view of a key's limits after a request. */
export interface LimitsSnapshot {
  requests?: WindowSnapshot;
  tokens?: WindowSnapshot;
  requestsPerDay?: WindowSnapshot;
  tokensPerDay?: WindowSnapshot;
}
