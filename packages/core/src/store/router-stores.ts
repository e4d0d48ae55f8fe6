import type { KeyStore } from './key-store.js';
import type { QuotaStore } from './quota-store.js';
import type { SpendStore } from './spend-store.js';

/**
 * The router's one persistence seam: every piece of mutable shared state lives in one of these. Each is
 * optional and defaults to its in-memory implementation; give all three the same backing (e.g. Redis) to
 * share keys, quota and budgets between router instances.
 *
 * @example
 * const router = new ApiKeyRouter({
 *   stores: { keys: new MemoryKeyStore(), quota: new MemoryQuotaStore(), spend: new MemorySpendStore() },
 * });
 */
export interface RouterStores {
  /** Key states (compare-and-set). Default: a new `MemoryKeyStore`. */
  keys?: KeyStore;
  /** Quota windows, holds and provider facts. Default: a new `MemoryQuotaStore`. */
  quota?: QuotaStore;
  /** Budgets, spend, holds and threshold claims. Default: a new `MemorySpendStore`. */
  spend?: SpendStore;
}
