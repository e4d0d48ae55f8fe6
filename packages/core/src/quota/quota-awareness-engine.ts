import type { QuotaDimension, RateLimitObservation } from '../adapter/rate-limit-observation.js';
import type { Usage } from '../adapter/usage.js';
import type { Clock } from '../clock/clock.js';
import type { UsageEstimate } from '../estimate/estimate-usage.js';
import type { QuotaAmounts, QuotaStore } from '../store/quota-store.js';
import { refreshCapacityState } from './capacity-state.js';
import type { FitPolicy } from './earliest-fit.js';
import { checkNow } from './fit-cache.js';
import { groupedEarliestFit } from './grouped-fit.js';
import { groupWarning, keyQuotaState } from './grouped-state.js';
import { holdInStore, settleInStore } from './grouped-store-reserve.js';
import { KeyQuotaRecord } from './key-quota-record.js';
import { learnFromObservation, learnTooLarge } from './learn-observation.js';
import { newReservation } from './new-reservation.js';
import { QuotaGroupRegistry } from './quota-group-registry.js';
import { QuotaGroups } from './quota-groups.js';
import type {
  DeclaredLimits,
  QuotaCheck,
  QuotaEngineOptions,
  QuotaReservation,
  QuotaState,
  QuotaWarningEvent,
  ReserveResult,
} from './quota-types.js';
import { countOr, settleStale, settleUsage } from './settle-reservation.js';
import { factsOf } from './store-bridge.js';
import { assertDeclaredLimits, assertEstimate, unknownKey } from './validate-input.js';

/**
 * Knows every key's limits (declared or learned from provider headers), counts usage in rolling windows
 * plus reservations for in-flight requests, predicts exhaustion and reports each key's capacity state.
 * The router asks `check` for every candidate, `reserve`s before calling a provider and `commit`s or
 * `release`s after. See docs/quota.md.
 *
 * The engine keeps a local replica of every key (limits, windows, holds, rates) for the synchronous reads;
 * its {@link QuotaStore} is the atomic authority that `reserve` re-checks, shared by every router using it.
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
  /** The shared authority; undefined when this engine's own state is the only copy (no store configured). */
  readonly #store: QuotaStore | undefined;
  readonly #records = new Map<string, KeyQuotaRecord>();
  readonly #groups = new QuotaGroupRegistry();
  /** Shared quota pools: keys whose provider enforces one limit for all of them. */
  readonly groups: QuotaGroups;
  // Reservation ids: unique per engine, and across engines sharing a store (random prefix).
  readonly #idPrefix = `q${Math.floor(Math.random() * 0x7fff_ffff).toString(36)}_`;
  #sequence = 0;

  constructor(options: QuotaEngineOptions) {
    this.#clock = options.clock;
    this.#onWarning = options.onWarning;
    this.#policy = {
      cautiousConcurrency: Math.max(1, Math.floor(options.cautiousConcurrency ?? 2)),
      cautiousSuccesses: Math.max(0, Math.floor(options.cautiousSuccesses ?? 5)),
    };
    this.#timeoutMs = options.reservationTimeoutMs ?? 600_000;
    this.#store = options.store;
    this.groups = new QuotaGroups(this.#groups, (keyId) => this.#records.get(keyId), this.#clock);
  }

  /** Starts tracking a key (again: replaces its declared limits, keeps its usage). */
  registerKey(keyId: string, limits: DeclaredLimits = {}): void {
    assertDeclaredLimits(limits);
    if (this.#records.has(keyId)) this.setDeclaredLimits(keyId, limits);
    else this.#records.set(keyId, new KeyQuotaRecord(keyId, limits));
  }

  /** Replaces a key's declared limits; learned limits stay, and the stricter of the two applies. */
  setDeclaredLimits(keyId: string, limits: DeclaredLimits): void {
    assertDeclaredLimits(limits);
    const record = this.#require(keyId);
    record.setDeclared(limits);
    this.#emit(refreshCapacityState(record, this.#clock.now()));
  }

  /** Stops tracking a key (and takes it out of its group); later commits and releases of its reservations are ignored. */
  removeKey(keyId: string): void {
    const record = this.#records.get(keyId);
    if (record !== undefined) this.#groups.leave(record);
    this.#groups.detector.forget(keyId);
    this.#records.delete(keyId);
    this.#store?.remove(keyId).catch(() => undefined);
  }

  /** Whether a request fits the key now. Synchronous, side-effect free, O(dimensions) when it fits. */
  check(keyId: string, estimate: UsageEstimate, now: number = this.#clock.now()): QuotaCheck {
    const record = this.#require(keyId);
    assertEstimate(estimate);
    return checkNow(record, estimate.inputTokens, estimate.outputTokens, now, this.#policy);
  }

  /**
   * Reserves capacity for a request if it fits, or says why not: checked on the local replica, then
   * atomically in the store. The hold lasts until `options.expiresAt` (default: now + `reservationTimeoutMs`).
   */
  async reserve(
    keyId: string,
    estimate: UsageEstimate,
    options: { expiresAt?: number } = {},
  ): Promise<ReserveResult> {
    assertEstimate(estimate);
    const now = this.#clock.now();
    const { inputTokens, outputTokens } = estimate;
    const record = this.#require(keyId);
    const group = record.group;
    const check = checkNow(record, inputTokens, outputTokens, now, this.#policy);
    if (!check.fits) return { ok: false, check };
    const id = `${this.#idPrefix}${(++this.#sequence).toString(36)}`;
    const expiresAt = Math.max(now + 1, options.expiresAt ?? now + this.#timeoutMs);
    const reservation = newReservation(id, keyId, inputTokens, outputTokens, now, expiresAt, group);
    const holders = group === undefined ? [record] : [record, group];
    // Held in the replicas first, so concurrent checks see it while the store answers.
    for (const held of holders) {
      held.addReservation(reservation);
      held.staleAt = Math.min(held.staleAt, expiresAt);
    }
    this.#refresh(record, group, now);
    const store = this.#store;
    if (store === undefined) return { ok: true, reservation };
    const unhold = () => this.#unhold(holders, id);
    let refusal: Awaited<ReturnType<typeof holdInStore>>;
    try {
      refusal = await holdInStore(store, record, group, reservation, now, this.#policy, unhold);
    } catch (error) {
      unhold();
      throw error;
    }
    if (refusal !== undefined) return { ok: false, check: refusal };
    if (this.#records.get(keyId) !== record) {
      // The key was removed while the store answered: give the holds back.
      this.#unhold(holders, id);
      await settleInStore(store, reservation, group?.keyId, undefined, now);
      throw unknownKey(keyId);
    }
    return { ok: true, reservation };
  }

  /** Settles a reservation with the actual usage and learns from the response's rate-limit facts. */
  async commit(
    reservation: QuotaReservation,
    usage: Usage,
    observation?: RateLimitObservation,
  ): Promise<void> {
    const { inputTokens, outputTokens } = reservation.estimate;
    const actual: QuotaAmounts = {
      requests: 1,
      inputTokens: countOr(usage.inputTokens, inputTokens),
      outputTokens: countOr(usage.outputTokens, outputTokens),
    };
    await this.#settle(reservation, actual, observation, true);
  }

  /** Frees a failed request's reservation; one that reached the provider still counts as a request. */
  async release(
    reservation: QuotaReservation,
    options: { observation?: RateLimitObservation; reachedProvider?: boolean } = {},
  ): Promise<void> {
    const actual =
      options.reachedProvider === true ? { requests: 1, inputTokens: 0, outputTokens: 0 } : undefined;
    await this.#settle(reservation, actual, options.observation, false);
  }

  /** Learns from rate-limit headers or a refusal body outside a commit/release. Unknown keys are ignored. */
  observe(keyId: string, observation: RateLimitObservation): void {
    const record = this.#records.get(keyId);
    if (record === undefined) return;
    const now = this.#clock.now();
    this.#learn(record, (target) => learnFromObservation(target, observation, now), observation);
    this.#emit(refreshCapacityState(record, now));
  }

  /** Remembers "request too large … Limit N": N becomes the learned ceiling of the key (or its group) for that dimension. */
  markTooLarge(keyId: string, dimension: QuotaDimension, limit: number): void {
    const record = this.#records.get(keyId);
    if (record === undefined) return;
    this.#learn(record, (target) => learnTooLarge(target, dimension, limit));
    this.#emit(refreshCapacityState(record, this.#clock.now()));
  }

  /** Earliest epoch ms at which the request fits, if nothing else is sent; undefined when never on its own. */
  nextFitAt(keyId: string, estimate: UsageEstimate): number | undefined {
    const record = this.#require(keyId);
    assertEstimate(estimate);
    const { inputTokens, outputTokens } = estimate;
    return groupedEarliestFit(record, inputTokens, outputTokens, this.#clock.now(), this.#policy);
  }

  /** The key's live replica, read-only (`version` and `fit` say whether a remembered check holds). @internal */
  replica(keyId: string): Readonly<KeyQuotaRecord> | undefined {
    return this.#records.get(keyId);
  }

  /** Requests holding a reservation on the key (0 for an unknown key). */
  inFlight(keyId: string): number {
    return this.#records.get(keyId)?.inFlight ?? 0;
  }

  /** The key's limits, usage, prediction and capacity state (local replica); refreshes the state (and may warn). */
  async getQuotaState(keyId: string): Promise<QuotaState> {
    const now = this.#clock.now();
    const record = this.#require(keyId);
    settleStale(record, now);
    this.#emit(refreshCapacityState(record, now));
    return keyQuotaState(record, this.#groups.ofKey(record), now, this.#policy);
  }

  async #settle(
    reservation: QuotaReservation,
    actual: QuotaAmounts | undefined,
    observation: RateLimitObservation | undefined,
    success: boolean,
  ): Promise<void> {
    const { keyId, id, quotaGroup } = reservation;
    const now = this.#clock.now();
    // The group it was reserved in, even if the key has moved since.
    const group = quotaGroup === undefined ? undefined : this.#groups.get(quotaGroup)?.record;
    const settling =
      this.#store === undefined
        ? undefined
        : settleInStore(this.#store, reservation, group?.keyId, actual, now);
    const record = this.#records.get(keyId);
    for (const held of [record, group]) {
      if (held === undefined) continue;
      settleStale(held, now);
      if (actual === undefined) held.takeReservation(id);
      else settleUsage(held, id, now, actual.inputTokens, actual.outputTokens, success);
    }
    if (record !== undefined) {
      if (observation !== undefined)
        this.#learn(
          record,
          (target) => learnFromObservation(target, observation, now, reservation.createdAt),
          observation,
        );
      this.#refresh(record, group, now);
    }
    await settling;
  }

  /** Applies a lesson from a key's response to what it describes: the key's group when it has one (the account's limits), else the key. */
  #learn(
    record: KeyQuotaRecord,
    lesson: (target: KeyQuotaRecord) => void,
    seen?: RateLimitObservation,
  ): void {
    const target = record.group ?? record;
    const before = target.factsVersion;
    lesson(target);
    const now = this.#clock.now();
    this.#share(target, before, now);
    if (target !== record) this.#emit(groupWarning(target, record.keyId, now));
    if (seen !== undefined) this.#groups.detector.note(record, seen, now, (id) => this.#records.get(id));
  }

  /** Re-evaluates the capacity state of a key and of a group its request counted in, warning on transitions. */
  #refresh(record: KeyQuotaRecord, group: KeyQuotaRecord | undefined, now: number): void {
    this.#emit(refreshCapacityState(record, now));
    if (group !== undefined) this.#emit(groupWarning(group, record.keyId, now));
  }

  /** Gives back a reservation held in the replicas of the key and its group. */
  #unhold(holders: KeyQuotaRecord[], id: string): void {
    for (const held of holders) held.takeReservation(id);
    refreshCapacityState(holders[0] as KeyQuotaRecord, this.#clock.now());
  }

  /** Sends newly learned facts (limits, blocks) to the store, best effort: a lost write only delays others. */
  #share(record: KeyQuotaRecord, before: number, now: number): void {
    if (record.factsVersion === before || this.#store === undefined) return;
    this.#store.observe(record.keyId, factsOf(record, now), now).catch(() => undefined);
  }

  #require(keyId: string): KeyQuotaRecord {
    const record = this.#records.get(keyId);
    if (record === undefined) throw unknownKey(keyId);
    return record;
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
