import { randomUUID } from 'node:crypto';
import type { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { Usage } from '../adapter/usage.js';
import type { Clock } from '../clock/clock.js';
import { RouterError } from '../errors/router-error.js';
import { ValidationError } from '../errors/specific-errors.js';
import { estimateUsage, type UsageEstimate } from '../estimate/estimate-usage.js';
import type { RequestIntent } from '../intent/intent-schema.js';
import { budgetRole, decide } from './budget-decision.js';
import { budgetMatches, spendSeriesOf } from './budget-matching.js';
import { budgetReservationOf, ledgerLine, refusalOf, standingsOf } from './budget-reservation.js';
import { budgetToInput, copyBudget, parseBudgetInput } from './budget-schema.js';
import type {
  Budget,
  BudgetDecision,
  BudgetInput,
  BudgetReservation,
  BudgetScope,
  BudgetStatus,
  BudgetThresholdEvent,
  CostControllerOptions,
  CostEstimate,
  SpendContext,
} from './budget-types.js';
import { MemorySpendLedger } from './ledger/memory-spend-ledger.js';
import type { SpendLedger, SpendSeries } from './ledger/spend-ledger.js';
import { addMoney, maxMoney, mulMoney, scaleMoney, subMoney, ZERO } from './money.js';
import { intentCostRange, usageCost, worstCaseCost } from './pricing/cost-math.js';
import { modelMatches } from './pricing/model-candidates.js';
import type { ModelPrice, ModelPriceInput } from './pricing/model-price.js';
import { PriceBook } from './pricing/price-book.js';
import { readCost, readReservation, readSpendContext } from './spend-context.js';
import { parseOrThrow } from './validation.js';
import { BEGINNING_OF_TIME, type BudgetWindow, budgetWindow } from './window/budget-window.js';

const spendQuerySchema = z
  .strictObject({
    scope: z.enum(['global', 'provider', 'key', 'model', 'tag']),
    scopeId: z.string().min(1).optional(),
    from: z.number().optional(),
    to: z.number().optional(),
  })
  .refine((q) => q.scope === 'global' || q.scopeId !== undefined, {
    message: 'scopeId is required',
    path: ['scopeId'],
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from is after to',
    path: ['from'],
  });

/**
 * Prices requests and keeps spending inside budgets before money is spent. Per request the router calls
 * `check` per candidate (sync, no side effects), `reserve` for the chosen one (atomic across every matching
 * budget: the worst-case cost is held), then `commit` with the actual cost or `release` on failure.
 *
 * @example
 * const costs = new CostController({ clock: new VirtualClock(), onThreshold: (e) => console.log(e) });
 * await costs.createBudget({ scope: 'global', limit: '10', period: 'day', enforcementMode: 'hard' });
 * const held = await costs.reserve(context, costs.maxCost('gpt-4o', context.keyId, estimate));
 * if (held.ok) await costs.commit(held.reservation, costs.costOf('gpt-4o', context.keyId, usage) ?? held.reservation.amount);
 */
export class CostController {
  readonly #clock: Clock;
  readonly #onThreshold: ((event: BudgetThresholdEvent) => void) | undefined;
  readonly #defaultOutputTokens: number;
  readonly #ledger: SpendLedger;
  readonly #prices = new PriceBook();

  constructor(options: CostControllerOptions) {
    if (typeof options?.clock?.now !== 'function') {
      throw new ValidationError('CostController needs a clock', [{ path: 'clock', message: 'required' }]);
    }
    const outputTokens = options.defaultOutputTokens ?? 1024;
    if (!Number.isSafeInteger(outputTokens) || outputTokens <= 0) {
      throw new ValidationError('Invalid CostController options (defaultOutputTokens: a positive integer)', [
        { path: 'defaultOutputTokens', message: 'must be a positive integer' },
      ]);
    }
    this.#clock = options.clock;
    this.#onThreshold = options.onThreshold;
    this.#defaultOutputTokens = outputTokens;
    this.#ledger = options.ledger ?? new MemorySpendLedger();
  }

  /** Overrides the price of `model` for every key, or for `options.keyId` only. Throws `ValidationError`. */
  setModelPrice(model: string, price: ModelPriceInput, options?: { keyId?: string }): void {
    this.#prices.set(model, price, options?.keyId);
  }

  /** The price of `model` (plain or `provider/model`): key override > model override > catalog. */
  getModelPrice(model: string, keyId?: string): ModelPrice | undefined {
    return this.#prices.get(model, keyId);
  }

  /** Cost range of an intent on `model` (default `intent.model`); undefined when the price is unknown. */
  estimateCost(intent: RequestIntent, model?: string): CostEstimate | undefined {
    const price = this.#prices.get(model ?? intent.model);
    if (!price) return undefined;
    return intentCostRange(price, estimateUsage(intent, { defaultOutputTokens: this.#defaultOutputTokens }));
  }

  /** Worst-case cost of a request with `estimate` usage on `model` and `keyId`, the amount `reserve` holds. */
  maxCost(model: string, keyId: string, estimate: UsageEstimate): Decimal | undefined {
    const price = this.#prices.get(model, keyId);
    return price ? worstCaseCost(price, estimate) : undefined;
  }

  /** Exact cost of a finished call; undefined when the price is unknown. */
  costOf(model: string, keyId: string, usage: Usage): Decimal | undefined {
    const price = this.#prices.get(model, keyId);
    return price ? usageCost(price, usage) : undefined;
  }

  /** Validates and stores a budget. Throws `ValidationError` with every issue. */
  async createBudget(input: BudgetInput): Promise<Budget> {
    const budget: Budget = {
      ...parseBudgetInput(input),
      id: `budget_${randomUUID()}`,
      createdAt: this.#clock.now(),
    };
    await this.#ledger.putBudget(budget);
    return copyBudget(budget);
  }

  /** Spend, holds, remaining and window of a budget. Unknown id: `RouterError('not_found')`. */
  async getBudgetStatus(id: string): Promise<BudgetStatus> {
    const budget = this.#budget(id);
    const now = this.#clock.now();
    const window = this.#window(budget, now);
    const { spent, reserved } = this.#ledger.totals(budget.id, window.countFrom);
    const status: BudgetStatus = {
      budget: copyBudget(budget),
      spent,
      reserved,
      remaining: maxMoney(ZERO, subMoney(budget.limit, addMoney(spent, reserved))),
    };
    if (window.start !== undefined) status.windowStart = window.start;
    if (window.start !== undefined && window.end !== undefined) {
      status.resetAt = window.end;
      // The rate is measured from when the budget existed, so a budget created mid-window is not diluted.
      const from = Math.max(window.start, budget.createdAt);
      const elapsed = now - from;
      status.projectedSpendAtReset = elapsed > 0 ? scaleMoney(spent, window.end - from, elapsed) : spent;
    }
    return status;
  }

  /** Every budget (copies). */
  listBudgets(): Budget[] {
    return this.#ledger.listBudgets().map(copyBudget);
  }

  /** Applies `patch` to a budget and re-validates the whole. Unknown id: `RouterError('not_found')`. */
  async updateBudget(id: string, patch: Partial<BudgetInput>): Promise<Budget> {
    const existing = this.#budget(id);
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw new ValidationError('Invalid budget patch (must be an object)', [
        { path: '(root)', message: 'must be an object' },
      ]);
    }
    const fields = parseBudgetInput({ ...budgetToInput(existing), ...patch });
    const updated: Budget = { ...fields, id: existing.id, createdAt: existing.createdAt };
    await this.#ledger.putBudget(updated);
    if (['limit', 'period', 'timezone', 'thresholds'].some((field) => Object.hasOwn(patch, field))) {
      await this.#ledger.resetThresholds(id);
    }
    return copyBudget(updated);
  }

  /** Deletes a budget; open reservations stay valid and simply stop counting against it. */
  async deleteBudget(id: string): Promise<boolean> {
    return this.#ledger.removeBudget(id);
  }

  /**
   * Committed spend and request count for a scope over `[from, to)` (default: all kept history), at one-hour
   * granularity: every UTC hour overlapping the range counts whole. Model queries include dated snapshots.
   */
  async getSpend(query: {
    scope: BudgetScope;
    scopeId?: string;
    from?: number;
    to?: number;
  }): Promise<{ total: Decimal; requests: number }> {
    const q = parseOrThrow(spendQuerySchema, query, 'Invalid spend query');
    const from = q.from ?? BEGINNING_OF_TIME;
    const to = q.to ?? this.#clock.now() + 1;
    let series: SpendSeries[];
    if (q.scope === 'global') series = [{ dimension: 'global', id: '*' }];
    else if (q.scope === 'model') {
      const ids = await this.#ledger.seriesIds('model');
      series = ids
        .filter((id) => modelMatches(q.scopeId ?? '', id))
        .map((id) => ({ dimension: 'model', id }));
    } else series = [{ dimension: q.scope, id: q.scopeId ?? '' }];
    let total = ZERO;
    let requests = 0;
    for (const one of series) {
      const part = await this.#ledger.spendBetween(one, from, to);
      total = addMoney(total, part.total);
      requests += part.requests;
    }
    return { total, requests };
  }

  /** Whether a request costing at most `maxCost` (undefined = unknown price) may go ahead. Sync, no side effects. */
  check(context: SpendContext, maxCost: Decimal | undefined): BudgetDecision {
    const ctx = readSpendContext(context);
    const cost = readCost(maxCost, 'maxCost', true);
    const now = this.#clock.now();
    const budgets = this.#ledger.listBudgets().filter((budget) => budgetMatches(budget, ctx));
    return decide(
      standingsOf(this.#ledger, budgets, (budget) => this.#window(budget, now)),
      ctx,
      cost,
    );
  }

  /**
   * Holds `maxCost` on every matching budget, atomically: either all hold it or none does. Refuses with the
   * same decision `check` would give (`exceeds`, `downgrade`, `unknown_cost`).
   */
  async reserve(
    context: SpendContext,
    maxCost: Decimal | undefined,
  ): Promise<
    | { ok: true; reservation: BudgetReservation }
    | { ok: false; decision: Exclude<BudgetDecision, { ok: true }> }
  > {
    const ctx = readSpendContext(context);
    const cost = readCost(maxCost, 'maxCost', true);
    const now = this.#clock.now();
    const budgets = this.#ledger.listBudgets().filter((budget) => budgetMatches(budget, ctx));
    const unknown = budgets.filter((budget) => budgetRole(budget, ctx, cost) === 'unknown');
    if (unknown.length > 0) {
      return {
        ok: false,
        decision: { ok: false, reason: 'unknown_cost', budgetIds: unknown.map((b) => b.id) },
      };
    }
    const id = `res_${randomUUID()}`;
    const amount = cost ?? ZERO;
    const lines = budgets.map((budget) => ledgerLine(budget, this.#window(budget, now), ctx, cost));
    const outcome = await this.#ledger.reserve({
      reservationId: id,
      amount,
      lines,
      series: spendSeriesOf(ctx),
      at: now,
    });
    if (!outcome.ok) return { ok: false, decision: refusalOf(outcome.failed, budgets, ctx, cost) };
    return { ok: true, reservation: budgetReservationOf(id, ctx, amount, budgets) };
  }

  /**
   * Records the actual cost against every budget the reservation holds on and in the spend series, frees the
   * hold and fires thresholds reached. A reservation already committed or released is ignored.
   */
  async commit(reservation: BudgetReservation, actualCost: Decimal): Promise<void> {
    const held = readReservation(reservation);
    const actual = readCost(actualCost, 'actualCost', false);
    const now = this.#clock.now();
    const budgets = held.budgetIds
      .map((id) => this.#ledger.getBudget(id))
      .filter((b): b is Budget => b !== undefined);
    const windows = new Map(budgets.map((budget) => [budget.id, this.#window(budget, now)]));
    const lines = budgets.map((budget) => ledgerLine(budget, windows.get(budget.id) as BudgetWindow));
    const spent = await this.#ledger.commit({ reservationId: held.id, actual, lines, at: now });
    if (!spent) return;
    for (const budget of budgets) {
      const total = spent.get(budget.id);
      const window = windows.get(budget.id);
      if (total && window) await this.#fireThresholds(budget, window, total, now);
    }
  }

  /** Frees a reservation without spending anything. Unknown or finished reservations are ignored. */
  async release(reservation: BudgetReservation): Promise<void> {
    await this.#ledger.release(readReservation(reservation).id);
  }

  async #fireThresholds(budget: Budget, window: BudgetWindow, spent: Decimal, at: number): Promise<void> {
    // spent > 0 keeps a zero limit from "reaching" its thresholds with no spend at all.
    const reached = (budget.thresholds ?? []).filter(
      (threshold) => spent.greaterThan(0) && spent.greaterThanOrEqualTo(mulMoney(budget.limit, threshold)),
    );
    const fresh = await this.#ledger.claimThresholds(
      budget.id,
      window.key,
      reached,
      window.kind === 'rolling',
    );
    for (const threshold of fresh) {
      const event: BudgetThresholdEvent = {
        budgetId: budget.id,
        threshold,
        spent,
        limit: budget.limit,
        scope: budget.scope,
        enforcementMode: budget.enforcementMode,
        at,
      };
      if (budget.name !== undefined) event.name = budget.name;
      if (budget.scopeId !== undefined) event.scopeId = budget.scopeId;
      try {
        this.#onThreshold?.(event);
      } catch {
        // A failing listener must not undo or block a commit whose money is already spent.
      }
    }
  }

  #window(budget: Budget, now: number): BudgetWindow {
    return budgetWindow(budget.period, budget.timezone ?? 'UTC', now);
  }

  #budget(id: string): Budget {
    const budget = typeof id === 'string' ? this.#ledger.getBudget(id) : undefined;
    if (!budget) {
      throw new RouterError('not_found', `No budget with id ${String(id)}`, {
        code: 'budget_not_found',
        retryable: false,
        keyEffect: 'none',
      });
    }
    return budget;
  }
}
