import type { KeyStore, QuotaStore, SpendStore } from '@apikeyrouter/core';

/**
 * One fresh, empty set of stores for one conformance test, sharing nothing with any other set, and how to
 * dispose of it (close connections, delete a namespace).
 *
 * @example
 * const make: MakeStores = () => ({ keys: new MemoryKeyStore(), quota: new MemoryQuotaStore(), spend: new MemorySpendStore() });
 */
export interface StoreSet {
  /** Key states. */
  keys: KeyStore;
  /** Quota counters. */
  quota: QuotaStore;
  /** Budgets and spend. */
  spend: SpendStore;
  /** Called after the test, also when it failed. */
  dispose?: () => void | Promise<void>;
}

/**
 * Makes a fresh {@link StoreSet}; called once per test.
 *
 * @example
 * runStoreConformance('memory', () => ({ keys: new MemoryKeyStore(), quota: new MemoryQuotaStore(), spend: new MemorySpendStore() }));
 */
export type MakeStores = () => StoreSet | Promise<StoreSet>;

/**
 * Runs `body` with a fresh store set and disposes of it afterwards.
 *
 * @example
 * await withStores(make, async ({ quota }) => { … });
 */
export async function withStores(make: MakeStores, body: (stores: StoreSet) => Promise<void>): Promise<void> {
  const stores = await make();
  try {
    await body(stores);
  } finally {
    await stores.dispose?.();
  }
}

/** 2026-01-01T00:00:00Z, aligned to every bucket width, so window arithmetic in the tests is exact. */
export const T0 = Date.UTC(2026, 0, 1);
