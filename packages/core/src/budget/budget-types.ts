import type { Decimal } from 'decimal.js';
import type { Clock } from '../clock/clock.js';

export type { BudgetPeriod, BudgetScope, EnforcementMode } from '../store/spend-store.js';

import type { BudgetPeriod, BudgetScope, EnforcementMode, SpendStore } from '../store/spend-store.js';
import type { MoneyInput } from './money.js';

/**
 * A budget as callers describe it to {@link CostController.createBudget}.
 *
 * @example
 * const input: BudgetInput = { scope: 'tag', scopeId: 'team:search', limit: '50', period: 'month', enforcementMode: 'hard' };
 */
export interface BudgetInput {
  /** What the budget covers. @example 'provider' */
  scope: BudgetScope;
  /** Provider id, key id, model id, or `tagName:value`; required except for `global`. @example 'openai' */
  scopeId?: string;
  /** Most that may be spent per window, in USD. @example '25.00' */
  limit: MoneyInput;
  /** The window the limit applies to. @example 'day' */
  period: BudgetPeriod;
  /** IANA zone calendar windows align to. Default `'UTC'`. @example 'Europe/Berlin' */
  timezone?: string;
  /** What happens when a request would exceed the limit. @example 'soft' */
  enforcementMode: EnforcementMode;
  /** Fractions of the limit that fire a threshold event once per window. Default `[0.5, 0.8, 1]`. @example [0.9] */
  thresholds?: number[];
  /** Cheaper models the router should use instead (`downgrade` mode). @example ['gpt-4o-mini'] */
  downgradeTo?: string[];
  /** Let requests of unknown price through a hard budget (while it has room left). @example true */
  allowUnknownCost?: boolean;
  /** A human name, used in errors and events. @example 'search team, monthly' */
  name?: string;
}

/**
 * A stored budget: the input with its limit as a Decimal, defaults filled in, an id and a creation instant.
 *
 * @example
 * const budget: Budget = await costs.createBudget({ scope: 'global', limit: 10, period: 'day', enforcementMode: 'hard' });
 */
export interface Budget extends Omit<BudgetInput, 'limit'> {
  /** Unique id. @example 'budget_0b6f…' */
  id: string;
  /** Limit per window, USD. @example new Decimal('10') */
  limit: Decimal;
  /** Epoch ms of creation (from the controller's clock). @example 1767225600000 */
  createdAt: number;
}

/**
 * Where a budget stands now.
 *
 * @example
 * const { spent, remaining, resetAt } = await costs.getBudgetStatus(budget.id);
 */
export interface BudgetStatus {
  /** The budget. @example budget */
  budget: Budget;
  /** Committed spend in the current window. @example new Decimal('3.20') */
  spent: Decimal;
  /** Worst-case cost of requests in flight (reserved, not yet committed). @example new Decimal('0.40') */
  reserved: Decimal;
  /** `limit - spent - reserved`, never below zero. @example new Decimal('6.40') */
  remaining: Decimal;
  /** Epoch ms the current window began (undefined for `'total'`). @example 1767225600000 */
  windowStart?: number;
  /** Epoch ms the window resets (calendar periods only). @example 1767312000000 */
  resetAt?: number;
  /**
   * Spend expected by `resetAt` if the spend rate so far in this window continues (calendar periods only).
   * @example new Decimal('9.60')
   */
  projectedSpendAtReset?: Decimal;
}

/**
 * Who a request is charged to.
 *
 * @example
 * const context: SpendContext = { providerId: 'openai', keyId: 'openai_3f9a1c0b7d2e', model: 'gpt-4o', tags: { team: 'search' } };
 */
export interface SpendContext {
  /** Provider serving the request. @example 'openai' */
  providerId: string;
  /** Key id serving the request (never the material). @example 'openai_3f9a1c0b7d2e' */
  keyId: string;
  /** Model id used. @example 'gpt-4o-mini' */
  model: string;
  /** The intent's tags. @example { team: 'search' } */
  tags?: Record<string, string>;
}

/**
 * What a request may cost before it is sent, in USD.
 *
 * @example
 * const { min, expected, max } = costs.estimateCost(intent)!;
 */
export interface CostEstimate {
  /** The prompt alone. @example new Decimal('0.0001') */
  min: Decimal;
  /** The prompt plus half the output allowance. @example new Decimal('0.0026') */
  expected: Decimal;
  /** The prompt plus the whole output allowance (`maxTokens`). @example new Decimal('0.0051') */
  max: Decimal;
}

/**
 * A hard budget that refuses a request.
 *
 * @example
 * decision.blocking.map((b) => `${b.name ?? b.budgetId}: ${b.remaining} left`);
 */
export interface BlockingBudget {
  /** Budget id. @example 'budget_0b6f…' */
  budgetId: string;
  /** Budget name. @example 'daily cap' */
  name?: string;
  /** Budget scope. @example 'global' */
  scope: BudgetScope;
  /** Budget scope id. @example 'openai' */
  scopeId?: string;
  /** Budget limit. @example new Decimal('10') */
  limit: Decimal;
  /** What was left when the request was refused. @example new Decimal('0.01') */
  remaining: Decimal;
}

/**
 * Whether a request may be charged to the budgets that match it.
 *
 * @example
 * const decision = costs.check(context, maxCost);
 * if (!decision.ok && decision.reason === 'downgrade') reroute(decision.downgradeTo);
 */
export type BudgetDecision =
  | { ok: true }
  | { ok: false; reason: 'exceeds'; blocking: BlockingBudget[]; estimate: Decimal }
  | { ok: false; reason: 'downgrade'; budgetId: string; downgradeTo: string[]; estimate: Decimal }
  | { ok: false; reason: 'unknown_cost'; budgetIds: string[] };

/**
 * Money held for one request between {@link CostController.reserve} and commit or release.
 *
 * @example
 * const held = await costs.reserve(context, maxCost);
 * if (held.ok) await costs.commit(held.reservation, actual);
 */
export interface BudgetReservation {
  /** Reservation id. @example 'res_5d1c…' */
  readonly id: string;
  /** Who the request is charged to. @example { providerId: 'openai', keyId: 'openai_3f9a', model: 'gpt-4o' } */
  readonly context: SpendContext;
  /** Amount held (the worst-case cost; zero when the price is unknown). @example new Decimal('0.02') */
  readonly amount: Decimal;
  /** Budgets the request is charged to. @example ['budget_0b6f…'] */
  readonly budgetIds: readonly string[];
}

/**
 * Fired once per window when a budget's committed spend reaches a threshold fraction of its limit.
 *
 * @example
 * new CostController({ clock, onThreshold: (e) => alert(`${e.name} at ${e.threshold * 100}%`) });
 */
export interface BudgetThresholdEvent {
  /** Budget id. @example 'budget_0b6f…' */
  budgetId: string;
  /** Budget name. @example 'daily cap' */
  name?: string;
  /** The fraction reached. @example 0.8 */
  threshold: number;
  /** Spend in the window when it was reached. @example new Decimal('8.01') */
  spent: Decimal;
  /** Budget limit. @example new Decimal('10') */
  limit: Decimal;
  /** Budget scope. @example 'provider' */
  scope: BudgetScope;
  /** Budget scope id. @example 'openai' */
  scopeId?: string;
  /** Budget mode. @example 'soft' */
  enforcementMode: EnforcementMode;
  /** Epoch ms of the commit that reached it. @example 1767225600000 */
  at: number;
}

/**
 * Options of {@link CostController}.
 *
 * @example
 * const costs = new CostController({ clock: new VirtualClock(), onThreshold: console.log });
 */
export interface CostControllerOptions {
  /** Source of time for windows and events. @example new SystemClock() */
  clock: Clock;
  /** Called for every threshold reached; errors it throws are ignored. @example (e) => log(e) */
  onThreshold?: (event: BudgetThresholdEvent) => void;
  /** Output tokens assumed by {@link CostController.estimateCost} when an intent sets no maxTokens. Default 1024. @example 512 */
  defaultOutputTokens?: number;
  /** Where budgets, reservations and spend live. Default: a new `MemorySpendStore`. @example new MemorySpendStore() */
  store?: SpendStore;
  /** How long a reservation holds when `reserve` is given no expiry, in ms. Default 600,000 (10 min). @example 150_000 */
  holdMs?: number;
}
