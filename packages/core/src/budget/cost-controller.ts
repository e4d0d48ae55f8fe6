import { randomUUID } from 'node:crypto';
import type { Decimal } from 'decimal.js';
import type { Usage } from '../adapter/usage.js';
import type { Clock } from '../clock/clock.js';
import { RouterError } from '../errors/router-error.js';
import { ValidationError } from '../errors/specific-errors.js';
import { estimateUsage, type UsageEstimate } from '../estimate/estimate-usage.js';
import type { RequestIntent } from '../intent/intent-schema.js';
import { MemorySpendStore } from '../store/memory-spend-store.js';
import { decide } from './budget-decision.js';
import { budgetMatches } from './budget-matching.js';
import { commitOnce, reserveOnce, standingsOf } from './budget-reservation.js';
import { budgetToInput, copyBudget, parseBudgetInput, readControllerOptions } from './budget-schema.js';
import { budgetStatusOf } from './budget-status.js';
import type {
  Budget,
  BudgetDecision,
  BudgetInput,
  BudgetReservation,
  BudgetStatus,
  BudgetThresholdEvent,
  CostControllerOptions,
  CostEstimate,
  SpendContext,
} from './budget-types.js';
import type { SpendLedger } from './ledger/spend-ledger.js';
import { StoreLedger } from './ledger/store-ledger.js';
import { intentCostRange, usageCost } from './pricing/cost-math.js';
import type { ModelPrice, ModelPriceInput } from './pricing/model-price.js';
import { PriceBook } from './pricing/price-book.js';
import { WorstCaseMemo } from './pricing/worst-case-memo.js';
import { readCost, readReservation, readSpendContext } from './spend-context.js';
import { querySpend, type SpendQuery } from './spend-query.js';
import { type BudgetWindow, budgetWindow } from './window/budget-window.js';

/** Reservations decided again after a shared store said this replica's budgets were out of date. */
const STALE_RETRIES = 3;
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
  readonly #holdMs: number;
  readonly #prices = new PriceBook();
  // Reservation ids: a random prefix per controller and a counter (a UUID per request cost a microsecond).
  readonly #idPrefix = randomUUID().slice(0, 8);
  #reservations = 0;
  readonly #worstCases = new WorstCaseMemo();

  constructor(options: CostControllerOptions) {
    const read = readControllerOptions(options);
    this.#clock = read.clock;
    this.#onThreshold = read.onThreshold;
    this.#defaultOutputTokens = read.defaultOutputTokens;
    this.#ledger = new StoreLedger(options.store ?? new MemorySpendStore());
    this.#holdMs = read.holdMs;
  }

  /**
   * Overrides the price of `model` for every key, or for `options.keyId` only. Throws `ValidationError`.
   * @example costs.setModelPrice('gpt-4o', { inputPerMillion: '2', outputPerMillion: '8' }, { keyId: 'openai_team' });
   */
  setModelPrice(model: string, price: ModelPriceInput, options?: { keyId?: string }): void {
    this.#prices.set(model, price, options?.keyId);
  }

  /**
   * Whether any key has prices of its own: then keys of one provider may differ in price.
   * @example if (!costs.hasAnyKeyPrices()) price = sharedPrice;
   */
  hasAnyKeyPrices(): boolean {
    return this.#prices.hasAnyKeyOverrides();
  }

  /**
   * Whether `keyId` has prices of its own (`setModelPrice(…, { keyId })`).
   * @example if (!costs.hasKeyPrices(key.id)) price = sharedPrice;
   */
  hasKeyPrices(keyId: string): boolean {
    return this.#prices.hasKeyOverrides(keyId);
  }

  /**
   * The price of `model` (plain, `provider/model`, or a dated snapshot of a listed model): key override >
   * model override > catalog.
   * @example costs.getModelPrice('openai/gpt-4o-2024-08-06')?.inputPerMillion; // Decimal 2.5
   */
  getModelPrice(model: string, keyId?: string): ModelPrice | undefined {
    return this.#prices.get(model, keyId);
  }

  /**
   * Cost range of an intent on `model` (default `intent.model`); undefined when the price is unknown.
   * @example costs.estimateCost(intent, 'gpt-4o-mini')?.max;
   */
  estimateCost(intent: RequestIntent, model?: string): CostEstimate | undefined {
    const price = this.#prices.get(model ?? intent.model);
    if (!price) return undefined;
    return intentCostRange(price, estimateUsage(intent, { defaultOutputTokens: this.#defaultOutputTokens }));
  }

  /**
   * Worst-case cost of a request with `estimate` usage on `model` and `keyId`: the amount to `reserve`.
   * @example costs.maxCost('gpt-4o', keyId, estimateUsage(intent));
   */
  maxCost(model: string, keyId: string, estimate: UsageEstimate): Decimal | undefined {
    const price = this.#prices.get(model, keyId);
    return price ? this.#worstCases.cost(price, estimate) : undefined;
  }

  /**
   * Exact cost of a finished call (cache reads and writes at their rates); undefined when the price is unknown.
   * @example costs.costOf('gpt-4o', keyId, response.usage);
   */
  costOf(model: string, keyId: string, usage: Usage): Decimal | undefined {
    const price = this.#prices.get(model, keyId);
    return price ? usageCost(price, usage) : undefined;
  }

  /**
   * Validates and stores a budget. Throws `ValidationError` with every issue.
   * @example await costs.createBudget({ scope: 'provider', scopeId: 'openai', limit: '100', period: 'month', enforcementMode: 'hard' });
   */
  async createBudget(input: BudgetInput): Promise<Budget> {
    const budget: Budget = {
      ...parseBudgetInput(input),
      id: `budget_${randomUUID()}`,
      createdAt: this.#clock.now(),
    };
    await this.#ledger.putBudget(budget);
    return copyBudget(budget);
  }

  /**
   * Spend, holds, remaining and window of a budget. Unknown id: `RouterError('not_found')`.
   * @example const { remaining, resetAt } = await costs.getBudgetStatus(budget.id);
   */
  async getBudgetStatus(id: string): Promise<BudgetStatus> {
    const budget = this.#budget(id);
    const now = this.#clock.now();
    const window = this.#window(budget, now);
    return budgetStatusOf(budget, window, this.#ledger.totals(budget.id, window.countFrom), now);
  }

  /**
   * Every budget (copies).
   * @example costs.listBudgets().map((b) => b.name);
   */
  listBudgets(): Budget[] {
    return this.#ledger.listBudgets().map(copyBudget);
  }

  /**
   * Applies `patch` to a budget and re-validates the whole. Unknown id: `RouterError('not_found')`.
   * @example await costs.updateBudget(budget.id, { limit: '150' });
   */
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

  /**
   * Deletes a budget; open reservations stay valid and simply stop counting against it.
   * @example await costs.deleteBudget(budget.id); // true, then false
   */
  async deleteBudget(id: string): Promise<boolean> {
    return this.#ledger.removeBudget(id);
  }

  /**
   * Committed spend and request count for a scope over `[from, to)` (default: all kept history), at one-hour
   * granularity: every UTC hour overlapping the range counts whole. Model queries include dated snapshots.
   * @example await costs.getSpend({ scope: 'tag', scopeId: 'team:search', from: Date.UTC(2026, 0, 1) });
   */
  async getSpend(query: SpendQuery): Promise<{ total: Decimal; requests: number }> {
    return querySpend(this.#ledger, query, this.#clock.now());
  }

  /**
   * Whether a request costing at most `maxCost` (undefined = unknown price) may go ahead. Sync, no side effects.
   * @example if (!costs.check(context, maxCost).ok) excludeCandidate();
   */
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
   * @example const held = await costs.reserve(context, maxCost); if (!held.ok) throw budgetExceededError(held.decision);
   */
  async reserve(
    context: SpendContext,
    maxCost: Decimal | undefined,
    options: { expiresAt?: number } = {},
  ): Promise<
    | { ok: true; reservation: BudgetReservation }
    | { ok: false; decision: Exclude<BudgetDecision, { ok: true }> }
  > {
    const ctx = readSpendContext(context);
    const cost = readCost(maxCost, 'maxCost', true);
    // A shared store answers `stale` when this replica's budgets were out of date (one created or removed by
    // another router a moment ago). It has caught up by then, so the matching budgets are decided again.
    for (let attempt = 1; ; attempt++) {
      const now = this.#clock.now();
      const outcome = await reserveOnce(this.#ledger, {
        id: `res_${this.#idPrefix}_${(++this.#reservations).toString(36)}`,
        ctx,
        cost,
        now,
        expiresAt: options.expiresAt ?? now + this.#holdMs,
        window: (budget) => this.#window(budget, now),
      });
      if (outcome !== 'stale') return outcome;
      if (attempt >= STALE_RETRIES) {
        throw new RouterError('store_unavailable', 'The budgets changed during every attempt to reserve', {
          code: 'budgets_changing',
          retryable: true,
          keyEffect: 'none',
        });
      }
    }
  }

  /**
   * Records the actual cost against every budget the reservation holds on and in the spend series, frees the
   * hold and fires thresholds reached. A reservation already committed or released is ignored.
   * @example await costs.commit(held.reservation, costs.costOf(model, keyId, usage) ?? held.reservation.amount);
   */
  async commit(reservation: BudgetReservation, actualCost: Decimal): Promise<void> {
    const held = readReservation(reservation);
    const actual = readCost(actualCost, 'actualCost', false);
    const now = this.#clock.now();
    await commitOnce(
      this.#ledger,
      held,
      actual,
      now,
      (budget) => this.#window(budget, now),
      this.#onThreshold,
    );
  }

  /**
   * Frees a reservation without spending anything. Unknown or finished reservations are ignored.
   * @example await costs.release(held.reservation); // the call failed
   */
  async release(reservation: BudgetReservation): Promise<void> {
    await this.#ledger.release(readReservation(reservation).id, this.#clock.now());
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
