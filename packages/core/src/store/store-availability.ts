import type { RouterStores } from './router-stores.js';

/**
 * A shared store that is not answering from its shared backing: `local` — it decides from this process's own
 * share (degraded); `unavailable` — it fails calls with `store_unavailable` (fail-closed). A store that works
 * normally reports nothing.
 *
 * @example
 * const status: StoreAvailability = { store: 'quota', mode: 'local', since: 1767225600000, reason: 'Redis store unavailable during quota.reserve: …' };
 */
export interface StoreAvailability {
  /** Which store. @example 'spend' */
  store: 'keys' | 'quota' | 'spend';
  /** How it answers now. @example 'local' */
  mode: 'local' | 'unavailable';
  /** Epoch ms since when. @example 1767225600000 */
  since: number;
  /** Why, without key material or credentials. @example 'Redis store unavailable during spend.reserve: …' */
  reason: string;
}

/**
 * Optional member of a store (key, quota or spend) backed by something that can go away: the router reads it
 * when it explains a decision, so explanations say when limits or budgets are answered locally.
 *
 * @example
 * const store: QuotaStore & ReportsAvailability = redisStores.quota;
 * store.availability(); // undefined while Redis answers
 */
export interface ReportsAvailability {
  /** The store's state now; undefined while it answers from its shared backing. */
  availability(): StoreAvailability | undefined;
}

/**
 * Reads every store that reports its availability and returns the ones not answering normally (usually none).
 *
 * @example
 * degradedStores(options.stores); // [{ store: 'spend', mode: 'local', since, reason }]
 */
export function degradedStores(stores: RouterStores | undefined): StoreAvailability[] {
  const out: StoreAvailability[] = [];
  if (stores === undefined) return out;
  for (const store of [stores.keys, stores.quota, stores.spend]) {
    const report = (store as Partial<ReportsAvailability> | undefined)?.availability;
    if (typeof report !== 'function') continue;
    const status = report.call(store);
    if (status !== undefined) out.push(status);
  }
  return out;
}
