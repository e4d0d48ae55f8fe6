import type { Decimal } from 'decimal.js';
import type { RateLimitObservation } from '../adapter/rate-limit-observation.js';
import type { Usage } from '../adapter/usage.js';
import type { BudgetReservation, CostController } from '../budget/index.js';
import type { KeyRecord } from '../keys/key-record.js';
import { servesInFlight } from '../keys/key-state-table.js';
import type { QuotaReservation } from '../quota/index.js';
import type { RouterCore } from '../router/router-core.js';
import type { PickedCandidate } from '../routing/candidate-set.js';

/**
 * A hold outlives its request's deadline by this much: enough for the settling calls after the deadline fired
 * (store round trips, a slow event loop), small enough that a dead router's holds are gone seconds later.
 */
const HOLD_MARGIN_MS = 5_000;

/** A call's outcome without throwing, so two calls started together can be awaited in turn. */
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settled<T>(call: Promise<T>): Promise<Settled<T>> {
  return call.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/** Awaits two calls started together; the first failure is thrown once both have settled. */
async function both(first: Promise<unknown>, second: Promise<unknown>): Promise<void> {
  const a = await settled(first);
  const b = await settled(second);
  if (!a.ok) throw a.error;
  if (!b.ok) throw b.error;
}

/** Releases a key's in-flight slot and completes a pending drain (rotation or removal). */
function releaseInFlight(record: KeyRecord): void {
  record.inFlight = Math.max(0, record.inFlight - 1);
  if (record.inFlight === 0 && record.drainWaiters) {
    const waiters = record.drainWaiters;
    record.drainWaiters = undefined;
    for (const resolve of waiters) resolve();
  }
}

/** A budget's refusal of a reservation (`exceeds`, `downgrade`, `unknown_cost`). */
export type BudgetDenial = Extract<Awaited<ReturnType<CostController['reserve']>>, { ok: false }>['decision'];

/** Why {@link Reservation.take} came back empty. */
export type ReservationRefusal =
  | { reason: 'quota' }
  | { reason: 'budget'; decision: BudgetDenial }
  | { reason: 'state' };

/** Awaits a settlement, or hands it to the background settlements when the stores ask for that. */
function settle(core: RouterCore, settling: Promise<void>, keyId: string): Promise<void> {
  const background = core.settlements;
  return background === undefined ? settling : background.track(settling, keyId);
}

/**
 * Everything one attempt holds on its key: the in-flight slot, the quota reservation and the budget
 * reservation. It ends exactly once — committed with the actual usage, or released — and any later call is
 * a no-op, so no failure path can free twice or leak a hold.
 *
 * @example
 * const taken = await Reservation.take(core, candidate, request);
 * if (taken instanceof Reservation) await taken.commit(usage, rateLimits, cost);
 */
export class Reservation {
  #ended = false;

  private constructor(
    private readonly core: RouterCore,
    readonly record: KeyRecord,
    readonly quota: QuotaReservation,
    readonly budget: BudgetReservation,
  ) {}

  /**
   * Takes the slot (before the first await, so a concurrent decision sees it: a recovering key gets exactly
   * one probe, and a drain waits for this request), then quota and budget together; a refusal gives back what
   * was taken (a quota refusal wins over a budget one). A key that left the routable states meanwhile is
   * refused too.
   */
  static async take(
    core: RouterCore,
    candidate: PickedCandidate,
    request: {
      estimate: { inputTokens: number; outputTokens: number };
      intent: { tags?: Record<string, string> | undefined };
      lifetime: { readonly deadline: number };
    },
  ): Promise<Reservation | ReservationRefusal> {
    const record = candidate.record;
    record.inFlight++;
    const expiresAt = request.lifetime.deadline + HOLD_MARGIN_MS;
    const context = {
      providerId: candidate.providerId,
      keyId: candidate.keyId,
      model: candidate.model,
      tags: request.intent.tags ?? {},
    };
    // Quota and budget are asked at once: with a shared store both calls travel in one round trip. A budget
    // hold taken for a key whose quota refused lives only until that answer, and is then given back.
    // Awaited one after the other (the second is settled by then): cheaper than Promise.allSettled.
    const quotaCall = settled(core.quota.reserve(candidate.keyId, request.estimate, { expiresAt }));
    const budgetCall = settled(core.costs.reserve(context, candidate.maxCost, { expiresAt }));
    const quota = await quotaCall;
    const budget = await budgetCall;
    if (quota.ok && budget.ok && quota.value.ok && budget.value.ok)
      return Reservation.#admit(core, record, quota.value.reservation, budget.value.reservation);
    releaseInFlight(record);
    const quotaHeld = quota.ok && quota.value.ok ? quota.value.reservation : undefined;
    const budgetHeld = budget.ok && budget.value.ok ? budget.value.reservation : undefined;
    // With background settlement the give-backs do not hold up the failover to the next key.
    if (quotaHeld) await settle(core, core.quota.release(quotaHeld, { reachedProvider: false }), record.id);
    if (budgetHeld) await settle(core, core.costs.release(budgetHeld), record.id);
    if (!quota.ok) throw quota.error;
    if (!budget.ok) {
      if (quotaHeld) throw budget.error;
      return { reason: 'quota' };
    }
    // Here quota refused, or it held and the budget refused.
    return quotaHeld && !budget.value.ok
      ? { reason: 'budget', decision: budget.value.decision }
      : { reason: 'quota' };
  }

  static async #admit(
    core: RouterCore,
    record: KeyRecord,
    quota: QuotaReservation,
    budget: BudgetReservation,
  ): Promise<Reservation | ReservationRefusal> {
    const reservation = new Reservation(core, record, quota, budget);
    // A draining key still serves: this request picked it before the drain began and the drain waits for it.
    if (!servesInFlight(record.state)) {
      await reservation.release(false);
      return { reason: 'state' };
    }
    return reservation;
  }

  /** True once committed or released. */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Settles with what was actually used: quota with the usage and the response's rate-limit facts, budgets
   * with `cost` (undefined: the price is unknown, so the hold is freed without spending).
   */
  async commit(
    usage: Usage,
    rateLimits: RateLimitObservation | undefined,
    cost: Decimal | undefined,
  ): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    releaseInFlight(this.record);
    // Independent stores: both calls start at once, so a shared store answers them in one round trip.
    await settle(
      this.core,
      both(
        this.core.quota.commit(this.quota, usage, rateLimits),
        cost === undefined ? this.core.costs.release(this.budget) : this.core.costs.commit(this.budget, cost),
      ),
      this.record.id,
    );
  }

  /**
   * Frees everything without spending. A call that reached the provider still counts as a request on the
   * key (the provider may have counted it; under-counting is what turns into 429s).
   */
  async release(reachedProvider: boolean, observation?: RateLimitObservation): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    releaseInFlight(this.record);
    await settle(
      this.core,
      both(
        this.core.quota.release(
          this.quota,
          observation === undefined ? { reachedProvider } : { reachedProvider, observation },
        ),
        this.core.costs.release(this.budget),
      ),
      this.record.id,
    );
  }
}
