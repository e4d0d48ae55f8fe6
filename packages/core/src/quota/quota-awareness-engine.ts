import type { QuotaDimension, RateLimitObservation } from '../adapter/rate-limit-observation.js';
import type { Usage } from '../adapter/usage.js';
import type { Clock } from '../clock/clock.js';
import type { UsageEstimate } from '../estimate/estimate-usage.js';
import { readCapacity, refreshCapacityState } from './capacity-state.js';
import { earliestFit, type FitPolicy } from './earliest-fit.js';
import { evaluateFit } from './fit-check.js';
import { forecastExhaustion } from './forecast.js';
import { KeyQuotaRecord } from './key-quota-record.js';
import { learnFromObservation, learnTooLarge } from './learn-observation.js';
import { MemoryQuotaLedger } from './memory-quota-ledger.js';
import type { QuotaLedger } from './quota-ledger.js';
import { buildQuotaState } from './quota-state-view.js';
import type {
  DeclaredLimits,
  QuotaCheck,
  QuotaEngineOptions,
  QuotaReservation,
  QuotaState,
  QuotaWarningEvent,
} from './quota-types.js';
import { settleStale, settleUsage } from './settle-reservation.js';
import { assertDeclaredLimits, assertEstimate, unknownKey } from './validate-input.js';

/** Outcome of {@link QuotaAwarenessEngine.reserve}. */
export type ReserveResult =
  | { ok: true; reservation: QuotaReservation }
  | { ok: false; check: Extract<QuotaCheck, { fits: false }> };

/**
 * Knows every key's limits (declared or learned from provider headers), counts usage in rolling windows
 * plus reservations for in-flight requests, predicts exhaustion and reports each key's capacity state.
 * The router asks `check` for every candidate, `reserve`s before calling a provider and `commit`s or
 * `release`s after. See docs/quota.md.
 *
 * @example
 * const engine = new QuotaAwarenessEngine({ clock: new SystemClock() });
 * engine.registerKey('key-a', { rpm: 500, tpm: 30_000 });
 * const result = await engine.reserve('key-a', { inputTokens: 200, outputTokens: 500 });
 * if (result.ok) await engine.commit(result.reservation, response.usage, response.rateLimits);
 */
export class QuotaAwarenessEngine {
  readonly #clock: Clock;
  readonly #onWarning: ((event: QuotaWarningEvent) => void) | undefined;
  readonly #policy: FitPolicy;
  readonly #timeoutMs: number;
  readonly #ledger: QuotaLedger;
  #sequence = 0;

  constructor(options: QuotaEngineOptions) {
    this.#clock = options.clock;
    this.#onWarning = options.onWarning;
    this.#policy = {
      cautiousConcurrency: Math.max(1, Math.floor(options.cautiousConcurrency ?? 2)),
      cautiousSuccesses: Math.max(0, Math.floor(options.cautiousSuccesses ?? 5)),
    };
    this.#timeoutMs = options.reservationTimeoutMs ?? 600_000;
    this.#ledger = options.ledger ?? new MemoryQuotaLedger();
  }

  /** Starts tracking a key (again: replaces its declared limits, keeps its usage). */
  registerKey(keyId: string, limits: DeclaredLimits = {}): void {
    assertDeclaredLimits(limits);
    if (this.#ledger.get(keyId) !== undefined) this.setDeclaredLimits(keyId, limits);
    else this.#ledger.add(new KeyQuotaRecord(keyId, limits));
  }

  /** Replaces a key's declared limits; learned limits stay, and the stricter of the two applies. */
  setDeclaredLimits(keyId: string, limits: DeclaredLimits): void {
    assertDeclaredLimits(limits);
    this.#require(keyId);
    this.#apply(keyId, (record, now) => {
      record.setDeclared(limits);
      return refreshCapacityState(record, now);
    });
  }

  /** Stops tracking a key; later commits and releases of its reservations are ignored. */
  removeKey(keyId: string): void {
    this.#ledger.remove(keyId);
  }

  /** Whether a request fits the key now. Synchronous, side-effect free, O(dimensions) when it fits. */
  check(keyId: string, estimate: UsageEstimate, now: number = this.#clock.now()): QuotaCheck {
    const record = this.#require(keyId);
    assertEstimate(estimate);
    // Housekeeping, like window expiry: a reservation past its timeout counts as settled, whoever looks first.
    settleStale(record, now, this.#timeoutMs);
    return evaluateFit(record, estimate.inputTokens, estimate.outputTokens, now, this.#policy);
  }

  /** Atomically reserves capacity for a request if it fits, or says why not. */
  async reserve(keyId: string, estimate: UsageEstimate): Promise<ReserveResult> {
    assertEstimate(estimate);
    const now = this.#clock.now();
    const id = `q${(++this.#sequence).toString(36)}`;
    const outcome = await this.#ledger.update(keyId, (record) => {
      settleStale(record, now, this.#timeoutMs);
      const check = evaluateFit(record, estimate.inputTokens, estimate.outputTokens, now, this.#policy);
      if (!check.fits) return { result: { ok: false, check } as ReserveResult, warning: undefined };
      const held = { inputTokens: estimate.inputTokens, outputTokens: estimate.outputTokens };
      const reservation: QuotaReservation = Object.freeze({
        id,
        keyId,
        estimate: Object.freeze(held),
        createdAt: now,
      });
      record.addReservation(reservation);
      record.staleAt = Math.min(record.staleAt, now + this.#timeoutMs);
      return {
        result: { ok: true, reservation } as ReserveResult,
        warning: refreshCapacityState(record, now),
      };
    });
    if (outcome === undefined) throw unknownKey(keyId);
    this.#emit(outcome.warning);
    return outcome.result;
  }

  /** Settles a reservation with the actual usage and learns from the response's rate-limit facts. */
  async commit(
    reservation: QuotaReservation,
    usage: Usage,
    observation?: RateLimitObservation,
  ): Promise<void> {
    const now = this.#clock.now();
    const warning = await this.#ledger.update(reservation.keyId, (record) => {
      settleStale(record, now, this.#timeoutMs);
      settleUsage(record, reservation.id, now, usage.inputTokens, usage.outputTokens, true);
      if (observation !== undefined) learnFromObservation(record, observation, now, reservation.createdAt);
      return refreshCapacityState(record, now);
    });
    this.#emit(warning);
  }

  /** Frees a failed request's reservation; one that reached the provider still counts as a request. */
  async release(
    reservation: QuotaReservation,
    options: { observation?: RateLimitObservation; reachedProvider?: boolean } = {},
  ): Promise<void> {
    const now = this.#clock.now();
    const warning = await this.#ledger.update(reservation.keyId, (record) => {
      if (options.reachedProvider === true) settleUsage(record, reservation.id, now, 0, 0, false);
      else record.takeReservation(reservation.id);
      if (options.observation !== undefined) {
        learnFromObservation(record, options.observation, now, reservation.createdAt);
      }
      return refreshCapacityState(record, now);
    });
    this.#emit(warning);
  }

  /** Learns from rate-limit headers or a refusal body outside a commit/release. Unknown keys are ignored. */
  observe(keyId: string, observation: RateLimitObservation): void {
    this.#apply(keyId, (record, now) => {
      learnFromObservation(record, observation, now);
      return refreshCapacityState(record, now);
    });
  }

  /** Remembers "request too large … Limit N": N becomes the key's learned ceiling for that dimension. */
  markTooLarge(keyId: string, dimension: QuotaDimension, limit: number): void {
    this.#apply(keyId, (record, now) => {
      learnTooLarge(record, dimension, limit);
      return refreshCapacityState(record, now);
    });
  }

  /** Earliest epoch ms at which the request fits, if nothing else is sent; undefined when never on its own. */
  nextFitAt(keyId: string, estimate: UsageEstimate): number | undefined {
    const record = this.#require(keyId);
    assertEstimate(estimate);
    return earliestFit(record, estimate.inputTokens, estimate.outputTokens, this.#clock.now(), this.#policy);
  }

  /** Requests holding a reservation on the key (0 for an unknown key). */
  inFlight(keyId: string): number {
    return this.#ledger.get(keyId)?.inFlight ?? 0;
  }

  /** The key's limits, usage, prediction and capacity state; refreshes the state (and may warn). */
  async getQuotaState(keyId: string): Promise<QuotaState> {
    const now = this.#clock.now();
    const outcome = await this.#ledger.update(keyId, (record) => {
      settleStale(record, now, this.#timeoutMs);
      const warning = refreshCapacityState(record, now);
      // A provider block leaves nothing usable, whatever the windows say.
      const share = record.blockedUntil > now ? 0 : readCapacity(record, now).share;
      const state = buildQuotaState(record, now, this.#policy, share, forecastExhaustion(record, now));
      return { warning, state };
    });
    if (outcome === undefined) throw unknownKey(keyId);
    this.#emit(outcome.warning);
    return outcome.state;
  }

  #require(keyId: string): KeyQuotaRecord {
    const record = this.#ledger.get(keyId);
    if (record === undefined) throw unknownKey(keyId);
    return record;
  }

  /** Fire-and-forget update for the synchronous methods; immediate with the in-memory ledger. */
  #apply(
    keyId: string,
    mutate: (record: KeyQuotaRecord, now: number) => QuotaWarningEvent | undefined,
  ): void {
    const now = this.#clock.now();
    this.#ledger
      .update(keyId, (record) => mutate(record, now))
      .then(
        (warning) => this.#emit(warning),
        // Learning is best effort: a lost observation only delays convergence by one response.
        () => undefined,
      );
  }

  #emit(warning: QuotaWarningEvent | undefined): void {
    if (warning === undefined || this.#onWarning === undefined) return;
    try {
      this.#onWarning(warning);
    } catch {
      // A faulty listener must not break routing.
    }
  }
}
