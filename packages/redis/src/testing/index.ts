export { findRedisServer, type RedisServerHandle, startRedisServer } from './start-redis-server.js';
