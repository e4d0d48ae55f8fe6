export { type BudgetStanding, budgetRole, decide } from './budget-decision.js';
export { type BudgetRefusal, budgetExceededError } from './budget-exceeded-error.js';
export { budgetMatches, spendSeriesOf } from './budget-matching.js';
export { budgetInputSchema, DEFAULT_THRESHOLDS } from './budget-schema.js';
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
export { HourlySpend, type HourlySpendOptions } from './ledger/hourly-spend.js';
export { MemorySpendLedger, type MemorySpendLedgerOptions } from './ledger/memory-spend-ledger.js';
export type {
  LedgerLine,
  LineTotals,
  ReserveOutcome,
  SpendLedger,
  SpendSeries,
} from './ledger/spend-ledger.js';
export { type MoneyInput, moneySchema, readMoney } from './money.js';
export { modelCandidates, modelMatches } from './pricing/model-candidates.js';
export type { ModelPrice, ModelPriceInput } from './pricing/model-price.js';
export { catalogModels, catalogPrice, PRICING_CHECKED_AT } from './pricing/pricing-catalog.js';
export { type BudgetWindow, budgetWindow } from './window/budget-window.js';
export { instantOfWallClock, isValidTimeZone, wallClockAt, zoneOffsetAt } from './window/zone-offset.js';
