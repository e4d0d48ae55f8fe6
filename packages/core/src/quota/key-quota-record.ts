import type { QuotaDimension } from '../adapter/rate-limit-observation.js';
import { QUOTA_WINDOWS } from '../store/quota-store.js';
import { BucketRing, type BucketRingOptions } from './bucket-ring.js';
import { ConsumptionRates } from './consumption-rates.js';
import {
  amountFor,
  DECLARED_FIELDS,
  DIMENSION_COUNT,
  INPUT_TPM,
  isDayDimension,
  OUTPUT_TPM,
  RPD,
  RPM,
  TPD,
  TPM,
  WINDOWED,
} from './dimension-table.js';
import type { FitMemo } from './fit-cache.js';
import type { CapacityState, DeclaredLimits, QuotaReservation } from './quota-types.js';

/** Per-minute windows: 1 s buckets, every amount counted for 60–61 s from its `usageInstant` (channels: requests, tokens, input, output). */
export const MINUTE_WINDOW: BucketRingOptions = { ...QUOTA_WINDOWS.minute, channels: 4 };
/** Per-day windows: 15 min buckets, every amount counted for 24 h 15 min – 24 h 30 min (channels: requests, tokens). */
export const DAY_WINDOW: BucketRingOptions = { ...QUOTA_WINDOWS.day, channels: 2 };

// Reused scratch buffer: recording usage must not allocate on every request.
const scratch = new Float64Array(4);

/**
 * All mutable quota state of one key. Plain numbers and typed arrays only, so a remote ledger can serialise
 * it; the parts only traffic needs (windows, reservations, rates, provider alignment) are allocated lazily,
 * which keeps an idle key well under 1 KB.
 *
 * @example
 * const record = new KeyQuotaRecord('key-a', { rpm: 60 });
 * record.limits[RPM]; // 60
 */
export class KeyQuotaRecord {
  /** The key id. @example 'key-a' */
  readonly keyId: string;
  /** Declared limit per dimension index; Infinity when none. @example [60, Infinity, …] */
  readonly declared: number[] = new Array<number>(DIMENSION_COUNT).fill(Number.POSITIVE_INFINITY);
  /** Limit in force per dimension index: the stricter of declared and learned. @example [60, 30000, …] */
  readonly limits: number[] = new Array<number>(DIMENSION_COUNT).fill(Number.POSITIVE_INFINITY);
  /** Learned limits [0..6] and how many observations agreed on each [7..13]; undefined until one is learned. @example record.learned?.[RPM] */
  learned: Float64Array | undefined;
  /** True when any dimension has a finite limit. @example true */
  limited = false;
  /** Per-minute usage (channels: requests, tokens, input, output). @example record.minute.sum(now, 0) */
  readonly minute = new BucketRing(MINUTE_WINDOW);
  /** Per-day usage (channels: requests, tokens). @example record.day.sum(now, 1) */
  readonly day = new BucketRing(DAY_WINDOW);
  /** Outstanding reservations by id, in creation order; undefined when none. @example record.reservations?.size */
  reservations: Map<string, QuotaReservation> | undefined;
  /** Requests holding a reservation. @example 2 */
  inFlight = 0;
  /** No reservation can be stale before this epoch ms (may be early; never late). @example 1767226200000 */
  staleAt = Number.POSITIVE_INFINITY;
  /** Input tokens held by reservations. @example 400 */
  reservedInput = 0;
  /** Output tokens held by reservations. @example 1000 */
  reservedOutput = 0;
  /** Usage only the provider has seen [0..5] and until when it counts [6..11]; undefined when none. @example record.externalAt(TPM, now) */
  external: Float64Array | undefined;
  /** Smoothed consumption; undefined until the first settled request. @example record.rates?.perMs(TPM, now) */
  rates: ConsumptionRates | undefined;
  /** Epoch ms until which the provider told us to stop; 0 when never. @example 0 */
  blockedUntil = 0;
  /** The dimension the block is about. @example 'requests_per_minute' */
  blockedDimension: QuotaDimension = 'requests_per_minute';
  /** Successful responses so far (cautious start). @example 3 */
  successes = 0;
  /** Smoothed request duration in ms; 0 when unknown. @example 1200 */
  latencyMs = 0;
  /** Capacity state at the last evaluation. @example 'abundant' */
  capacityState: CapacityState = 'abundant';
  /** Epoch ms when the last exhaustion ended. @example 1767225600000 */
  exhaustedEndedAt = Number.NEGATIVE_INFINITY;
  /** Epoch ms until which the shared store refused this key (other routers' traffic); 0 when never. @example 0 */
  pausedUntil = 0;
  /** Why the shared store last paused this key (shown while `pausedUntil` lasts). @example 'capacity' */
  pausedFor: 'capacity' | 'key_state_changed' = 'capacity';
  /** Bumped whenever a shareable fact (learned limit, block) changes, so unchanged facts are not re-sent. @example 3 */
  factsVersion = 0;
  /** The record of the quota group this key shares its provider account with; undefined when ungrouped. @example record.group?.keyId */
  group: KeyQuotaRecord | undefined;
  /**
   * Bumped on every change a fit check reads (limits, usage, reservations, blocks, pauses, successes, group):
   * a cached fit (see `cachedGroupedFit`) is valid only at the version it was computed at. @example 12
   */
  version = 0;
  /** The last fitting check and how long it holds (see `cachedGroupedFit`); undefined until one is cached. @example record.fit?.until */
  fit: FitMemo | undefined;

  constructor(keyId: string, declared: DeclaredLimits = {}) {
    this.keyId = keyId;
    this.setDeclared(declared);
  }

  /** Replaces the declared limits (validated by the caller). */
  setDeclared(limits: DeclaredLimits): void {
    for (let d = 0; d < DIMENSION_COUNT; d++) {
      this.declared[d] = limits[DECLARED_FIELDS[d] as keyof DeclaredLimits] ?? Number.POSITIVE_INFINITY;
    }
    this.#refreshLimits();
  }

  /** Marks a change a fit check reads, for changes made outside this class (pauses, successes, group moves). */
  touch(): void {
    this.version++;
  }

  /** Remembers a limit the provider reported; repeated agreement raises its confidence. */
  learnLimit(index: number, limit: number, minimumAgreement = 1): void {
    const learned =
      this.learned ?? new Float64Array(DIMENSION_COUNT * 2).fill(Number.POSITIVE_INFINITY, 0, 7);
    this.learned = learned;
    const agreement = learned[index] === limit ? (learned[index + DIMENSION_COUNT] as number) + 1 : 1;
    if (learned[index] !== limit) this.factsVersion++;
    learned[index] = limit;
    learned[index + DIMENSION_COUNT] = Math.max(agreement, minimumAgreement);
    this.#refreshLimits();
  }

  /** Whether the limit in force comes from the declaration or from the provider. */
  limitSource(index: number): 'declared' | 'learned' {
    return (this.declared[index] as number) <= (this.learned?.[index] ?? Number.POSITIVE_INFINITY)
      ? 'declared'
      : 'learned';
  }

  /** 0..1 trust in the limit in force: declared 1; learned 0.6, 0.8, 0.9 … as observations agree. */
  confidence(index: number): number {
    if (this.limitSource(index) === 'declared') return 1;
    const agreement = (this.learned?.[index + DIMENSION_COUNT] as number | undefined) ?? 0;
    return agreement <= 0 ? 0 : 1 - 0.4 * 0.5 ** (agreement - 1);
  }

  /** Usage of a windowed dimension as we counted it plus what only the provider saw. */
  used(index: number, now: number): number {
    const ring = isDayDimension(index) ? this.day : this.minute;
    return ring.sum(now, index - (isDayDimension(index) ? RPD : RPM)) + this.externalAt(index, now);
  }

  /** Usage only the provider has seen that still counts at `now`. */
  externalAt(index: number, now: number): number {
    const external = this.external;
    return external !== undefined && (external[index + WINDOWED] as number) > now
      ? (external[index] as number)
      : 0;
  }

  /** Sets (or clears, when ≤ 0) usage only the provider has seen, counted until `until`. */
  setExternal(index: number, amount: number, until: number): void {
    if (amount <= 0) {
      if (this.external !== undefined) this.external[index] = 0;
      this.version++;
      return;
    }
    this.version++;
    this.external ??= new Float64Array(WINDOWED * 2);
    this.external[index] = amount;
    this.external[index + WINDOWED] = until;
  }

  /** What outstanding reservations hold of a dimension. */
  reserved(index: number): number {
    switch (index) {
      case INPUT_TPM:
        return this.reservedInput;
      case OUTPUT_TPM:
        return this.reservedOutput;
      case TPM:
      case TPD:
        return this.reservedInput + this.reservedOutput;
      default:
        return this.inFlight;
    }
  }

  /** What reservations created at or before `cutoff` hold of a dimension (the ones a provider has seen). */
  reservedUpTo(index: number, cutoff: number): number {
    let total = 0;
    for (const reservation of this.reservations?.values() ?? []) {
      if (reservation.createdAt > cutoff) break;
      total += amountFor(index, reservation.estimate.inputTokens, reservation.estimate.outputTokens);
    }
    return total;
  }

  /** Holds capacity for a reservation. */
  addReservation(reservation: QuotaReservation): void {
    this.reservations ??= new Map();
    this.reservations.set(reservation.id, reservation);
    this.version++;
    this.inFlight++;
    this.reservedInput += reservation.estimate.inputTokens;
    this.reservedOutput += reservation.estimate.outputTokens;
  }

  /** Frees a reservation's hold and returns it; undefined when already settled. */
  takeReservation(id: string): QuotaReservation | undefined {
    const reservation = this.reservations?.get(id);
    if (reservation === undefined) return undefined;
    (this.reservations as Map<string, QuotaReservation>).delete(id);
    if (this.reservations?.size === 0) this.reservations = undefined;
    this.version++;
    this.inFlight--;
    this.reservedInput -= reservation.estimate.inputTokens;
    this.reservedOutput -= reservation.estimate.outputTokens;
    return reservation;
  }

  /** Counts usage in the windows at instant `at` and in the consumption rates at `now`. */
  recordUsage(at: number, now: number, requests: number, inputTokens: number, outputTokens: number): void {
    this.version++;
    scratch[0] = requests;
    scratch[1] = inputTokens + outputTokens;
    scratch[2] = inputTokens;
    scratch[3] = outputTokens;
    this.minute.add(at, now, scratch);
    this.day.add(at, now, scratch); // reads only its two channels: requests, tokens
    // The first event only starts the rate clock (see ConsumptionRates).
    if (this.rates === undefined) this.rates = new ConsumptionRates(now);
    else this.rates.add(now, requests, inputTokens, outputTokens);
  }

  /** Drops usage that left the windows; once both are empty, frees the rates and provider alignment too. */
  expire(now: number): void {
    this.minute.expire(now);
    this.day.expire(now);
    if (!this.minute.empty || !this.day.empty) return;
    // After a day without traffic the smoothed rates are ~2^-144 of what they were: nothing is lost.
    this.rates = undefined;
    const external = this.external;
    if (external === undefined) return;
    for (let d = 0; d < WINDOWED; d++) if ((external[d + WINDOWED] as number) > now) return;
    this.external = undefined;
  }

  /** Stops all traffic until `until` (provider retry-after or exhausted period quota). */
  block(dimension: QuotaDimension, until: number): void {
    // Callers pass sanitised instants; a non-finite one here would poison every later fit check.
    if (!Number.isFinite(until) || until <= this.blockedUntil) return;
    this.factsVersion++;
    this.version++;
    this.blockedUntil = until;
    this.blockedDimension = dimension;
  }

  #refreshLimits(): void {
    this.version++;
    let limited = false;
    for (let d = 0; d < DIMENSION_COUNT; d++) {
      const limit = Math.min(this.declared[d] as number, this.learned?.[d] ?? Number.POSITIVE_INFINITY);
      this.limits[d] = limit;
      if (limit !== Number.POSITIVE_INFINITY) limited = true;
    }
    this.limited = limited;
  }
}
