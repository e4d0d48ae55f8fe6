export { type RedisClusterHandle, startRedisCluster } from './start-redis-cluster.js';
export { findRedisServer, type RedisServerHandle, startRedisServer } from './start-redis-server.js';
