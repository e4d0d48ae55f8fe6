export { runStoreConformance } from './run-store-conformance.js';
export type { MakeStores, StoreSet } from './store-set.js';
