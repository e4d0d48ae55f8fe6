import { MemoryKeyStore, MemoryQuotaStore, MemorySpendStore } from '@apikeyrouter/core';
import { runStoreConformance } from './run-store-conformance.js';

runStoreConformance('memory', () => ({
  keys: new MemoryKeyStore(),
  quota: new MemoryQuotaStore(),
  spend: new MemorySpendStore(),
}));
