import type { QuotaDimension } from '../adapter/rate-limit-observation.js';
import type { Clock } from '../clock/clock.js';
import type { UsageEstimate } from '../estimate/estimate-usage.js';
import type { QuotaStore } from '../store/quota-store.js';

/**
 * Limits an operator declares for a key (from its plan or the provider console). Every field is optional;
 * an absent field means "unknown", to be learned from responses.
 *
 * @example
 * const limits: DeclaredLimits = { rpm: 500, tpm: 30_000, rpd: 10_000 };
 */
export interface DeclaredLimits {
  /** Requests per minute. @example 500 */
  rpm?: number;
  /** Tokens (input + output) per minute. @example 30_000 */
  tpm?: number;
  /** Requests per day. @example 10_000 */
  rpd?: number;
  /** Tokens per day. @example 1_000_000 */
  tpd?: number;
  /** Input (prompt) tokens per minute, as Anthropic counts them. @example 40_000 */
  inputTpm?: number;
  /** Output tokens per minute, as Anthropic counts them. @example 8_000 */
  outputTpm?: number;
  /** Requests in flight at once. @example 10 */
  concurrency?: number;
}

/**
 * How much of its quota a key has left (thresholds in docs/quota.md):
 * `abundant` ≥ 50 % remaining, `constrained` ≥ 20 %, `critical` > 0, `exhausted` = 0 or blocked by the
 * provider, `recovering` within 60 s after an exhaustion ended and not yet abundant.
 *
 * @example
 * const state: CapacityState = 'constrained';
 */
export type CapacityState = 'abundant' | 'constrained' | 'critical' | 'exhausted' | 'recovering';

/**
 * Whether one request fits a key right now.
 *
 * @example
 * const check = engine.check('key-a', { inputTokens: 200, outputTokens: 500 });
 * if (check.fits) console.log(check.headroom); else console.log(check.dimension, check.retryAt);
 */
export type QuotaCheck =
  | {
      /** The request fits. @example true */
      fits: true;
      /** 0..1: the smallest share of any known limit left after this request; 1 when nothing is known. @example 0.42 */
      headroom: number;
    }
  | {
      /** The request does not fit. @example false */
      fits: false;
      /**
       * The dimension that refuses it, `too_large` when it can never fit this key, or `key_state_changed` when
       * the shared store holds a newer state of the key than this router knows (no limit refused).
       * @example 'tokens_per_minute'
       */
      dimension: QuotaDimension | 'too_large' | 'key_state_changed';
      /** Human-readable reason (never key material). @example 'tokens_per_minute: needs 900, 120 of 30000 left' */
      detail: string;
      /** Epoch ms when it would fit; undefined when it will not on its own. @example 1767225661000 */
      retryAt?: number;
    };

/**
 * Capacity held for one in-flight request, from `reserve()` until `commit()` or `release()`.
 *
 * @example
 * const result = await engine.reserve('key-a', estimate);
 * if (result.ok) await engine.commit(result.reservation, usage);
 */
export interface QuotaReservation {
  /** Unique id within the engine. @example 'q1f' */
  readonly id: string;
  /** The key it holds capacity on. @example 'key-a' */
  readonly keyId: string;
  /** The tokens held. @example { inputTokens: 200, outputTokens: 500 } */
  readonly estimate: UsageEstimate;
  /** The quota group it also holds capacity on (the key's group when reserved). @example 'org-a' */
  readonly quotaGroup?: string;
  /** Epoch ms of the reservation; usage is counted in the window at this instant. @example 1767225600000 */
  readonly createdAt: number;
  /** Epoch ms after which the hold is gone, counted as used in full (its owner never settled it). @example 1767225750000 */
  readonly expiresAt: number;
}

/**
 * One known limit of a key and how much of it is left.
 *
 * @example
 * const tpm = state.dimensions.find((d) => d.name === 'tokens_per_minute');
 */
export interface QuotaDimensionState {
  /** Which limit. @example 'tokens_per_minute' */
  name: QuotaDimension;
  /** The limit in force: the stricter of declared and learned. @example 30000 */
  limit: number;
  /** Committed usage in the window, including usage only the provider has seen. @example 12000 */
  used: number;
  /** Held by in-flight reservations (for `concurrency`: requests in flight). @example 1500 */
  reserved: number;
  /** `limit - used - reserved`, never below 0. @example 16500 */
  remaining: number;
  /** Epoch ms when the window is fully replenished, when anything is used. @example 1767225660000 */
  resetAt?: number;
  /** Where the limit in force comes from. @example 'declared' */
  source: 'declared' | 'learned';
  /** 0..1: how sure the engine is of the limit (declared = 1). @example 0.8 */
  confidence: number;
  /** Smoothed consumption in units per minute (EWMA, see docs/quota.md); absent for concurrency. @example 9000 */
  ratePerMinute?: number;
  /** Epoch ms when this limit runs out at the current rate; absent when it does not. @example 1767225700000 */
  exhaustionAt?: number;
}

/**
 * A key's quota at one instant, for routing decisions, dashboards and explanations.
 *
 * @example
 * const state = await engine.getQuotaState('key-a');
 * console.log(state.capacityState, state.remainingCapacity);
 */
export interface QuotaState {
  /** The key. @example 'key-a' */
  keyId: string;
  /** Bucket of `remainingCapacity`, see {@link CapacityState}. @example 'abundant' */
  capacityState: CapacityState;
  /** 0..1: the share left of the tightest known window limit; 1 when nothing is known. @example 0.64 */
  remainingCapacity: number;
  /** Every known limit. @example [] */
  dimensions: QuotaDimensionState[];
  /** Earliest `exhaustionAt` over the dimensions (now, when already exhausted). @example 1767225700000 */
  predictedExhaustionAt?: number;
  /** Requests holding a reservation. @example 3 */
  inFlight: number;
  /** True while limits are unknown and in-flight requests are capped (cautious start). @example false */
  cautious: boolean;
  /** Epoch ms until which the provider told us to stop (retry-after or an exhausted period quota). @example 1767225630000 */
  blockedUntil?: number;
  /**
   * The quota group the key shares its limits with. Then `capacityState`, `remainingCapacity`,
   * `predictedExhaustionAt` and `blockedUntil` are the tighter of key and group; `dimensions` stay the key's
   * own (the group's are in `getGroupQuotaState`). @example 'org-a'
   */
  quotaGroup?: string;
}

/**
 * Emitted when a key turns `critical` or `exhausted`: once per transition, not per request.
 *
 * @example
 * new QuotaAwarenessEngine({ clock, onWarning: (e) => log.warn(e.keyId, e.previous, '→', e.capacityState) });
 */
export interface QuotaWarningEvent {
  /** The key. @example 'key-a' */
  keyId: string;
  /** The new state. @example 'critical' */
  capacityState: CapacityState;
  /** The state before. @example 'constrained' */
  previous: CapacityState;
  /** The tightest dimension. @example 'tokens_per_minute' */
  dimension?: QuotaDimension;
  /** Units left in that dimension. @example 1200 */
  remaining?: number;
  /** Epoch ms when the key runs out at the current rate. @example 1767225700000 */
  predictedExhaustionAt?: number;
  /** Epoch ms of the transition. @example 1767225600000 */
  at: number;
  /**
   * Set when the transition is the key's quota group's (then the other fields describe the group, and
   * `keyId` is the member whose request or response caused it). @example 'org-a'
   */
  quotaGroup?: string;
}

/**
 * Options of the {@link QuotaAwarenessEngine}.
 *
 * @example
 * const engine = new QuotaAwarenessEngine({ clock: new SystemClock(), cautiousConcurrency: 2 });
 */
export interface QuotaEngineOptions {
  /** The only source of time. @example new VirtualClock() */
  clock: Clock;
  /** Called when a key turns critical or exhausted; exceptions it throws are ignored. @example (e) => console.warn(e) */
  onWarning?: (event: QuotaWarningEvent) => void;
  /** Requests in flight allowed on a key whose limits are still unknown. Default 2. @example 2 */
  cautiousConcurrency?: number;
  /** Successful responses without any limit reported after which a key is trusted as unlimited. Default 5. @example 5 */
  cautiousSuccesses?: number;
  /** Hold length of a reservation given no `expiresAt`; expired holds count as used in full. Default 600 000 (10 min). @example 600_000 */
  reservationTimeoutMs?: number;
  /**
   * Where the shared counters live (the atomic authority every `reserve` re-checks). Default: none — the
   * engine's own in-process state is then the only copy and the authority. @example new MemoryQuotaStore()
   */
  store?: QuotaStore;
}

/**
 * Outcome of `QuotaAwarenessEngine.reserve`: the reservation, or the refusal with its dimension, detail and
 * retry instant.
 *
 * @example
 * const result: ReserveResult = await engine.reserve('key-a', estimate);
 */
export type ReserveResult =
  | { ok: true; reservation: QuotaReservation }
  | { ok: false; check: Extract<QuotaCheck, { fits: false }> };
