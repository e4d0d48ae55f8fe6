export type { RedisClient, RedisClusterOptions } from './connection/redis-connection.js';
export { storeUnavailable } from './connection/store-unavailable.js';
export { createRedisStores, type RedisStores, type RedisStoresOptions } from './create-redis-stores.js';
export { type KeyStateChange, RedisKeyStore } from './keys/redis-key-store.js';
export type { AvailabilityEvent } from './policy/availability-events.js';
export { DegradingQuotaStore, type UnavailablePolicy } from './quota/degrading-quota-store.js';
export { type KeyVersions, RedisQuotaStore } from './quota/redis-quota-store.js';
export { DegradingSpendStore } from './spend/degrading-spend-store.js';
export { RedisSpendStore, type RedisSpendStoreOptions } from './spend/redis-spend-store.js';
