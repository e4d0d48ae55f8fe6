import type { QuotaDimension } from '../adapter/rate-limit-observation.js';

/**
 * Shape of a usage window: amounts are counted in `bucketMs` buckets by the instant {@link usageInstant} gives
 * them, and an amount counted at `t` stays until the end of the bucket starting `windowMs + marginMs` after
 * its own bucket — between `windowMs + marginMs` and `windowMs + marginMs + bucketMs` in all, never less than
 * a provider counts it. Every {@link QuotaStore} uses exactly these shapes, so replicas agree.
 *
 * @example
 * const spec: QuotaWindowSpec = QUOTA_WINDOWS.minute; // { windowMs: 60_000, bucketMs: 1_000, marginMs: 0 }
 */
export interface QuotaWindowSpec {
  /** The provider's window length in ms. @example 60_000 */
  readonly windowMs: number;
  /** Bucket width in ms. @example 1_000 */
  readonly bucketMs: number;
  /** Extra time every amount is kept beyond the window. @example 0 */
  readonly marginMs: number;
}

/**
 * The two usage windows: per minute (1 s buckets) and per day (15 min buckets). The minute window needs no
 * margin because usage is counted from when the router learns the outcome (see {@link usageInstant}), which
 * is after the provider counted the request; the day window keeps 1 min, a rounding error on 24 h.
 *
 * @example
 * QUOTA_WINDOWS.day.bucketMs; // 900_000
 */
export const QUOTA_WINDOWS: Readonly<Record<'minute' | 'day', QuotaWindowSpec>> = Object.freeze({
  minute: Object.freeze({ windowMs: 60_000, bucketMs: 1_000, marginMs: 0 }),
  day: Object.freeze({ windowMs: 86_400_000, bucketMs: 900_000, marginMs: 60_000 }),
});

/**
 * How long after its reservation a request is assumed to have reached the provider at the latest; only
 * used for requests whose outcome takes longer than this to come back (see {@link usageInstant}). It is
 * the same assumption the former 1 s window margin made for every request.
 *
 * @example
 * usageInstant(t0, t0 + 5_000) === t0 + QUOTA_SEND_ALLOWANCE_MS; // true
 */
export const QUOTA_SEND_ALLOWANCE_MS = 1_000;

/**
 * The instant a settled request's usage is counted at: when the router learned the outcome (`settledAt`:
 * a response, a failure that reached the provider, or the expiry of an unsettled hold), but no later than
 * {@link QUOTA_SEND_ALLOWANCE_MS} after the reservation. A provider counts a request when it receives it,
 * which is causally before the router sees its answer, so a request answered within the allowance is never
 * forgotten before the provider forgets it, whatever either clock reads; a slower one is counted from
 * `reservedAt + 1 s`, which frees its slot exactly when the former design (reservation instant plus a 1 s
 * margin) did. Every store and the engine's replica count with this rule, so replicas agree.
 *
 * @example
 * usageInstant(1_000, 1_400); // 1_400: answered after 400 ms
 * usageInstant(1_000, 9_000); // 2_000: a slow request, counted from its send allowance
 */
export function usageInstant(reservedAt: number, settledAt: number): number {
  return Math.min(settledAt, reservedAt + QUOTA_SEND_ALLOWANCE_MS);
}

/**
 * What one request holds or used. Non-negative whole numbers (a store rounds fractions up). Each dimension
 * counts from it: `requests_per_minute`/`requests_per_day` ← `requests`; `tokens_per_minute`/`tokens_per_day`
 * ← `inputTokens + outputTokens`; `input_tokens_per_minute` ← `inputTokens`; `output_tokens_per_minute` ←
 * `outputTokens`; `concurrency` ← 1 per live hold (never counted in a window).
 *
 * @example
 * const amounts: QuotaAmounts = { requests: 1, inputTokens: 200, outputTokens: 500 };
 */
export interface QuotaAmounts {
  /** Requests. @example 1 */
  requests: number;
  /** Input (prompt) tokens. @example 200 */
  inputTokens: number;
  /** Output tokens. @example 500 */
  outputTokens: number;
}

/**
 * Limits in force per dimension, as the caller computed them (declared or learned, minus usage only the
 * provider has seen). An absent dimension is unlimited. Finite, non-negative numbers.
 *
 * @example
 * const limits: QuotaLimits = { requests_per_minute: 60, concurrency: 2 };
 */
export type QuotaLimits = Partial<Record<QuotaDimension, number>>;

/**
 * Arguments of {@link QuotaStore.reserve}.
 *
 * @example
 * const request: QuotaReserveRequest = {
 *   keyId: 'key_3f2a', reservationId: 'q_1', amounts: { requests: 1, inputTokens: 200, outputTokens: 500 },
 *   limits: { requests_per_minute: 60 }, now: 1767225600000, expiresAt: 1767225750000,
 * };
 */
export interface QuotaReserveRequest {
  /** Key id. @example 'key_3f2a' */
  keyId: string;
  /** Caller-chosen id, unique per key. @example 'q_7f3_1a' */
  reservationId: string;
  /** What the request holds until it is committed or released. */
  amounts: QuotaAmounts;
  /** Limits to check against. */
  limits: QuotaLimits;
  /** Epoch ms of the reservation; committed usage is counted at `usageInstant(now, commit's now)`. @example 1767225600000 */
  now: number;
  /** Epoch ms after which the hold is gone (request deadline plus a margin). @example 1767225750000 */
  expiresAt: number;
}

/**
 * Outcome of {@link QuotaStore.reserve}: held, or nothing held and the first dimension that refused.
 *
 * @example
 * const result: QuotaReserveResult = { ok: false, dimension: 'requests_per_minute', used: 58, held: 2, limit: 60 };
 */
export type QuotaReserveResult =
  | { ok: true }
  | {
      ok: false;
      /** The refusing dimension (a provider block names its own dimension). @example 'requests_per_minute' */
      dimension: QuotaDimension;
      /** Committed usage in the window (for `concurrency`: 0). @example 58 */
      used: number;
      /** Held by live reservations (for `concurrency`: holds). @example 2 */
      held: number;
      /** The limit checked; 0 for a provider block. @example 60 */
      limit: number;
      /** Epoch ms of the end of a provider block, when the refusal is one. @example 1767225630000 */
      retryAt?: number;
      /**
       * Set when no limit refused: the store holds a newer state of the key (this version) than the one the
       * caller routed on — another router changed it. `dimension`, `used`, `held` and `limit` then mean
       * nothing; refresh the key and retry. @example 7
       */
      keyStateVersion?: number;
    };

/**
 * Facts learned from a provider, shared by every replica through the store.
 *
 * @example
 * const facts: QuotaFacts = { blockedUntil: 1767225630000, blockedDimension: 'requests_per_minute' };
 */
export interface QuotaFacts {
  /** Epoch ms until which the provider said to stop; a store keeps the latest of all reported. */
  blockedUntil?: number;
  /** The dimension the block is about. @example 'tokens_per_minute' */
  blockedDimension?: QuotaDimension;
  /** Limits the provider reported; each replaces the stored one of its dimension. */
  learnedLimits?: QuotaLimits;
}

/**
 * A key's counters at one instant, a plain record (for replicas, dashboards and tests).
 *
 * @example
 * const snapshot = await store.snapshot('key_3f2a', clock.now());
 * snapshot?.used.requests_per_minute; // 12
 */
export interface QuotaStoreSnapshot {
  /** Key id. @example 'key_3f2a' */
  keyId: string;
  /** Committed usage per windowed dimension at the instant asked. */
  used: Record<Exclude<QuotaDimension, 'concurrency'>, number>;
  /** Held by live reservations, per dimension (`concurrency`: live holds). */
  held: Record<QuotaDimension, number>;
  /** Facts learned so far (a block only while it lasts). */
  facts: QuotaFacts;
}

/**
 * Where quota counters live: usage windows, holds of in-flight requests and provider facts, per key. Every
 * method is the **atomic authority** for one key and is ONE atomic operation (a Redis store runs each as one
 * server-side script), exchanging plain records only. Expiry is lazy: on every call for a key, holds whose
 * `expiresAt` is ≤ `now` are swept first and counted as used with their held amounts at
 * `usageInstant(createdAt, now)` (the conservative assumption: the request may have reached the provider). Commit and release act exactly once
 * per reservation: repeating them, or calling them after the hold expired, changes nothing.
 *
 * The synchronous hot path (fit checks for every candidate, explanations, `nextFitAt`) never calls the store:
 * the quota engine answers from its local replica, which it updates from its own calls' results. The store
 * re-checks every limit in `reserve`, so a stale replica can only refuse too early, never overspend.
 *
 * @example
 * const quota: QuotaStore = new MemoryQuotaStore();
 * const router = new ApiKeyRouter({ stores: { quota } });
 */
export interface QuotaStore {
  /**
   * If every limited dimension fits (`used + held + amount ≤ limit`; for concurrency `holds + 1 ≤ limit`) and
   * the key is not blocked at `now`, holds `amounts` until `expiresAt`. Reserving an id already held is a
   * repeat of a lost reply: `{ ok: true }`, nothing held twice.
   */
  reserve(request: QuotaReserveRequest): Promise<QuotaReserveResult>;
  /**
   * Frees the hold and counts `actual` at `usageInstant(hold's reservation instant, now)`. Resolves true the
   * first time, false when the reservation is unknown, already settled or expired.
   */
  commit(request: {
    keyId: string;
    reservationId: string;
    actual: QuotaAmounts;
    now: number;
  }): Promise<boolean>;
  /** Frees the hold, counting nothing. True the first time, false when unknown, settled or expired. */
  release(request: { keyId: string; reservationId: string; now: number }): Promise<boolean>;
  /** Merges provider facts into the key's shared facts. */
  observe(keyId: string, facts: QuotaFacts, now: number): Promise<void>;
  /** The key's counters at `now`; undefined when the store has nothing for it. */
  snapshot(keyId: string, now: number): Promise<QuotaStoreSnapshot | undefined>;
  /** Forgets everything about a key; later commits and releases of its reservations resolve false. */
  remove(keyId: string): Promise<void>;
}
