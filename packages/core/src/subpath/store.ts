// `@apikeyrouter/core/store`: what a store implementation (Redis, a database) needs and an application
// does not — the ledger contracts, their in-memory implementations, and the records they exchange.
// Documented in docs/architecture.md ("How to add a store").

export type { LedgerLine, LineTotals, ReserveOutcome, SpendLedger, SpendSeries } from '../budget/index.js';
export {
  type HourlySpendOptions,
  MemorySpendLedger,
  type MemorySpendLedgerOptions,
} from '../budget/index.js';
export { DAY_WINDOW, KeyQuotaRecord, MINUTE_WINDOW } from '../quota/key-quota-record.js';
export { MemoryQuotaLedger } from '../quota/memory-quota-ledger.js';
export type { QuotaLedger } from '../quota/quota-ledger.js';
export { MemoryStore, type PersistedKeyState, type StateStore } from '../store/index.js';
