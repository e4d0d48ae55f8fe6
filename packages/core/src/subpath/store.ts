// `@apikeyrouter/core/store`: what a store implementation (Redis, a database) needs and an application
// does not — the store contracts, their in-memory implementations, and the plain records they exchange.
// Documented in docs/architecture.md ("How to add a store") and tested by `runStoreConformance` from
// `@apikeyrouter/testkit`.

export * from '../store/index.js';
