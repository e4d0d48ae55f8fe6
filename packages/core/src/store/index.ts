export type { HourlySpendOptions } from './hourly-spend.js';
export type { KeyStore, PersistedKeyState } from './key-store.js';
export { MemoryKeyStore } from './memory-key-store.js';
export { MemoryQuotaStore } from './memory-quota-store.js';
export { MemorySpendStore, type MemorySpendStoreOptions } from './memory-spend-store.js';
export {
  QUOTA_SEND_ALLOWANCE_MS,
  QUOTA_WINDOWS,
  type QuotaAmounts,
  type QuotaFacts,
  type QuotaLimits,
  type QuotaReserveRequest,
  type QuotaReserveResult,
  type QuotaStore,
  type QuotaStoreSnapshot,
  type QuotaWindowSpec,
  usageInstant,
} from './quota-store.js';
export type { RouterStores } from './router-stores.js';
export type {
  BudgetPeriod,
  BudgetRecord,
  BudgetScope,
  DecimalString,
  EnforcementMode,
  SpendLine,
  SpendLineTotals,
  SpendReserveRequest,
  SpendReserveResult,
  SpendSeries,
  SpendStore,
} from './spend-store.js';
export {
  degradedStores,
  type ReportsAvailability,
  type StoreAvailability,
} from './store-availability.js';
