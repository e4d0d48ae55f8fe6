import { describe } from 'vitest';
import { describeKeyStore } from './key-store-conformance.js';
import { describeQuotaStore } from './quota-store-conformance.js';
import { describeSpendStore } from './spend-store-conformance.js';
import type { MakeStores } from './store-set.js';

/**
 * The conformance suite every store implementation must pass (vitest): atomic reserve-if-fits under
 * concurrency, commit and release exactly once, expiry of holds, compare-and-set of key states, usage windows
 * on an injected clock, hard budgets under concurrency with exact decimals, and once-only threshold claims.
 * Call it at the top level of a test file; `makeStores` gives every test a fresh, empty set.
 *
 * @example
 * // memory-stores.test.ts
 * import { MemoryKeyStore, MemoryQuotaStore, MemorySpendStore } from '@apikeyrouter/core';
 * import { runStoreConformance } from '@apikeyrouter/testkit';
 * runStoreConformance('memory', () => ({
 *   keys: new MemoryKeyStore(), quota: new MemoryQuotaStore(), spend: new MemorySpendStore(),
 * }));
 */
export function runStoreConformance(name: string, makeStores: MakeStores): void {
  describe(`store conformance: ${name}`, () => {
    describeKeyStore(makeStores);
    describeQuotaStore(makeStores);
    describeSpendStore(makeStores);
  });
}
