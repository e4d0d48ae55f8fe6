import {
  type BudgetScope,
  type Clock,
  RouterError,
  type SpendStore,
  type StoreAvailability,
} from '@apikeyrouter/core';
import type {
  BudgetRecord,
  DecimalString,
  SpendLine,
  SpendReserveRequest,
  SpendReserveResult,
  SpendSeries,
} from '@apikeyrouter/core/store';
import { Decimal } from 'decimal.js';
import type { AvailabilityEvents } from '../policy/availability-events.js';
import { StoreHealth } from '../policy/store-health.js';
import type { UnavailablePolicy } from '../quota/degrading-quota-store.js';
import { LocalSpendLedger, type PendingSpend } from './local-spend-ledger.js';
import type { RedisSpendStore } from './redis-spend-store.js';
import type { LeaseSettlement } from './spend-lease-settle.js';

/** How long a replayed degraded commit's carrier hold may live in Redis. */
const REPLAY_HOLD_MS = 60_000;
/** Most Redis reservations whose series are remembered (in flight at once); the oldest go first. */
const MAX_REMEMBERED = 100_000;

/**
 * Wraps the Redis spend store with its availability policy. `fail-closed` (the default for budgets) fails
 * every write with `store_unavailable` while Redis is away. `local` decides reservations in this process
 * against `1/replicas` of each budget's last-seen headroom, queues the spend
 * settled meanwhile and writes it to Redis as soon as Redis answers again, so no money is lost from the
 * shared budgets. Synchronous reads add this replica's degraded holds and unsent spend to the shared view.
 *
 * @example
 * const spend = new DegradingSpendStore(redisSpend, { policy: 'local', replicas: 4, events, clock });
 */
export class DegradingSpendStore implements SpendStore {
  readonly #redis: RedisSpendStore;
  readonly #local: LocalSpendLedger;
  readonly #health: StoreHealth;
  readonly #clock: Clock;
  /**
   * Series of each live Redis reservation, so a commit queued while Redis is away still reaches the hourly
   * series when its hold is gone by the time it is written. Dropped at settlement; bounded.
   */
  readonly #series = new Map<string, SpendSeries[]>();
  #flushing: Promise<void> | undefined;

  /**
   * Built by {@link createRedisStores}, which owns the shared connection.
   *
   * @internal
   */
  constructor(
    redis: RedisSpendStore,
    options: { policy: UnavailablePolicy; replicas: number; events: AvailabilityEvents; clock: Clock },
  ) {
    this.#redis = redis;
    this.#clock = options.clock;
    this.#local = new LocalSpendLedger(options.replicas);
    this.#health = new StoreHealth('spend', options.policy, options.events);
    redis.onLeaseSettleFailed((settlement, error) => this.#leaseSettleFailed(settlement, error));
  }

  /** True while reservations are decided in this process. */
  get degraded(): boolean {
    return this.#health.degraded;
  }

  /** Whether the store answers from this process or fails now (read by the router's explanations). */
  availability(): StoreAvailability | undefined {
    return this.#health.availability();
  }

  /** Writes the spend queued while degraded (after a reconnect, or when a call reaches Redis again). */
  flush(now: number): Promise<void> {
    this.#flushing ??= this.#flush(now).finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  putBudget(budget: BudgetRecord): Promise<void> {
    return this.#redis.putBudget(budget);
  }

  removeBudget(id: string): Promise<boolean> {
    return this.#redis.removeBudget(id);
  }

  getBudget(id: string): BudgetRecord | undefined {
    return this.#redis.getBudget(id);
  }

  listBudgets(): BudgetRecord[] {
    return this.#redis.listBudgets();
  }

  totals(budgetId: string, countFrom: number): { spent: DecimalString; reserved: DecimalString } {
    const shared = this.#redis.totals(budgetId, countFrom);
    const mine = this.#local.usedOn(budgetId);
    if (mine === '0') return shared;
    return { spent: shared.spent, reserved: new Decimal(shared.reserved).plus(mine).toFixed() };
  }

  async reserve(request: SpendReserveRequest): Promise<SpendReserveResult> {
    try {
      const result = await this.#redis.reserve(request);
      // Admitted against a spend lease without a Redis call: it says nothing about Redis being back.
      if (this.#redis.leaseAdmission(request.reservationId) !== 'local') this.#answered(request.at);
      if (result.ok && request.series.length > 0) this.#remember(request.reservationId, request.series);
      return result;
    } catch (error) {
      if (!this.#health.unavailable(error, request.at)) throw error;
      const failed = this.#local.reserve(request, (line: SpendLine) =>
        this.#redis.totals(line.budgetId, line.countFrom),
      );
      return failed.length === 0 ? { ok: true } : { ok: false, failed };
    }
  }

  async commit(request: {
    reservationId: string;
    actual: DecimalString;
    lines: SpendLine[];
    at: number;
  }): Promise<Record<string, DecimalString> | undefined> {
    if (this.#local.holds(request.reservationId)) {
      if (!this.#local.commitLocal(request)) return undefined;
      if (!this.#health.degraded) this.flush(request.at).catch(() => undefined);
      return this.#spentAfter(request.lines);
    }
    const series = this.#series.get(request.reservationId);
    this.#series.delete(request.reservationId);
    // A lease-admitted commit stays in this process (its lease is settled later, by the Redis store).
    const leased = this.#redis.leaseAdmission(request.reservationId) !== undefined;
    try {
      const spent = await this.#redis.commit(request);
      if (!leased) this.#answered(request.at);
      return spent;
    } catch (error) {
      if (!this.#health.unavailable(error, request.at)) throw error;
      this.#local.commitRemote(series === undefined ? request : { ...request, series });
      return this.#spentAfter(request.lines);
    }
  }

  async release(reservationId: string, now: number): Promise<boolean> {
    this.#series.delete(reservationId);
    if (this.#local.release(reservationId)) return true;
    const leased = this.#redis.leaseAdmission(reservationId) !== undefined;
    try {
      const released = await this.#redis.release(reservationId, now);
      if (!leased) this.#answered(now);
      return released;
    } catch (error) {
      // The Redis hold expires with its deadline: nothing is lost by not reaching it now.
      if (!this.#health.unavailable(error, now)) throw error;
      return false;
    }
  }

  async claimThresholds(
    budgetId: string,
    windowKey: string,
    reached: number[],
    rearm: boolean,
  ): Promise<number[]> {
    try {
      return await this.#redis.claimThresholds(budgetId, windowKey, reached, rearm);
    } catch (error) {
      // Claimed once Redis answers again: the next commit that reaches the threshold claims it.
      if (!this.#health.unavailable(error, this.#clock.now())) throw error;
      return [];
    }
  }

  resetThresholds(budgetId: string): Promise<void> {
    return this.#redis.resetThresholds(budgetId);
  }

  spendBetween(
    series: SpendSeries,
    from: number,
    to: number,
  ): Promise<{ total: DecimalString; requests: number }> {
    return this.#redis.spendBetween(series, from, to);
  }

  seriesIds(dimension: BudgetScope): Promise<string[]> {
    return this.#redis.seriesIds(dimension);
  }

  /** Spent per committed budget as this replica sees it now (shared view plus its unsent spend). */
  #spentAfter(lines: SpendLine[]): Record<string, DecimalString> {
    const out: Record<string, DecimalString> = {};
    for (const line of lines) {
      const totals = this.#redis.totals(line.budgetId, line.countFrom);
      out[line.budgetId] = new Decimal(totals.spent).plus(this.#local.usedOn(line.budgetId)).toFixed();
    }
    return out;
  }

  #remember(reservationId: string, series: SpendSeries[]): void {
    // Holds never settled (a killed request) would otherwise stay: the oldest entry makes room.
    if (this.#series.size >= MAX_REMEMBERED) this.#series.delete(this.#series.keys().next().value as string);
    this.#series.set(reservationId, series);
  }

  /**
   * A spend lease's settle could not reach Redis: its requests' spend (already reported to the router as
   * committed) joins the commits queued for Redis, under either policy, so it is written once Redis answers
   * however long that takes, and counted in this replica's totals meanwhile. Replaces the lease's own retries,
   * which stop after 4 minutes (the commit script's replay memory).
   */
  #leaseSettleFailed(settlement: LeaseSettlement, error: unknown): boolean {
    // Marks the store unavailable (as a failed commit does), so the next call that reaches Redis flushes.
    this.#health.unavailable(error, this.#clock.now());
    this.#local.commitRemote(settlement);
    return true;
  }

  #answered(now: number): void {
    if (this.#health.recovered(now)) this.flush(now).catch(() => undefined);
  }

  async #flush(now: number): Promise<void> {
    // After a restart Redis gets its budgets back from the replica first; spend written before that is lost.
    await this.#redis.synced();
    const entries = this.#local.drain();
    for (let at = 0; at < entries.length; at++) {
      const entry = entries[at] as PendingSpend;
      try {
        await this.#write(entry, now);
        this.#local.written(entry);
      } catch (error) {
        this.#local.requeue(entries.slice(at));
        if (RouterError.isInstance(error) && error.category === 'store_unavailable') return;
        throw error;
      }
    }
  }

  /**
   * One queued commit into Redis. A hold that exists in Redis is committed; a local one (or a Redis hold that
   * expired meanwhile) is carried by an uncapped hold under the same id and committed at once: money already
   * spent is recorded even where it now passes a limit, in the hourly series its reservation named. A commit
   * whose earlier reply was lost (timeout) may have been applied already: the script remembers every commit
   * for 5 minutes, so its replay within that time counts nothing again (the carrier's too).
   */
  async #write(entry: PendingSpend, now: number): Promise<void> {
    const commit = {
      reservationId: entry.reservationId,
      actual: entry.actual,
      lines: entry.lines,
      at: entry.at,
    };
    // The hold in Redis is committed now, or was by the attempt whose reply was lost: counted once either way.
    const requests = entry.requests ?? 1;
    if (entry.holdSeries === undefined && (await this.#redis.settle(commit, requests)).kind !== 'gone')
      return;
    const carrier = `${entry.reservationId}:late`;
    await this.#redis.reserve(
      {
        reservationId: carrier,
        amount: entry.actual,
        lines: entry.lines.map(({ budgetId, countFrom, bucketStart }) => ({
          budgetId,
          countFrom,
          bucketStart,
        })),
        series: entry.holdSeries ?? entry.series ?? [],
        at: now,
        expiresAt: now + REPLAY_HOLD_MS,
      },
      false,
    );
    await this.#redis.settle({ ...commit, reservationId: carrier }, requests);
  }
}
