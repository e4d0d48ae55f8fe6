export type { HourlySpendOptions } from '../store/hourly-spend.js';
export { type BudgetRefusal, budgetExceededError } from './budget-exceeded-error.js';
export { DEFAULT_THRESHOLDS } from './budget-schema.js';
export type {
  BlockingBudget,
  Budget,
  BudgetDecision,
  BudgetInput,
  BudgetPeriod,
  BudgetReservation,
  BudgetScope,
  BudgetStatus,
  BudgetThresholdEvent,
  CostControllerOptions,
  CostEstimate,
  EnforcementMode,
  SpendContext,
} from './budget-types.js';
export { CostController } from './cost-controller.js';
export type { MoneyInput } from './money.js';
export type { ModelPrice, ModelPriceInput } from './pricing/model-price.js';
export { catalogModels, catalogPrice, PRICING_CHECKED_AT } from './pricing/pricing-catalog.js';
export type { SpendQuery } from './spend-query.js';
