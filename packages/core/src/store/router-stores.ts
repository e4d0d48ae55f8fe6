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
  /**
   * When a finished request's quota and spend are settled. `inline` (default): `route()` resolves once the
   * stores have recorded them. `background`: `route()` resolves as soon as the response is ready and the
   * settlement runs after it (`router.settled()` waits for it; a failure emits `settlementFailed`). Holds keep
   * the worst case until then, so other requests only see more in use, never less. The price: a process
   * killed in between loses the spend of answers settled in the background but not yet written (their holds
   * expire). Stores on a remote backing set it to save a round trip per request.
   *
   * @example
   * const router = new ApiKeyRouter({ stores: { quota, spend, settlement: 'background' } });
   */
  settlement?: 'inline' | 'background';
}
