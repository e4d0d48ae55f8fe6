import { Cluster } from 'ioredis';

/**
 * A Redis Cluster to connect to: any reachable nodes (the client discovers the rest from `CLUSTER SLOTS`).
 *
 * @example
 * const cluster: RedisClusterOptions = { nodes: [{ host: 'redis-0', port: 6379 }], password: 's3cret' };
 */
export interface RedisClusterOptions {
  /** Seed nodes. @example [{ host: '127.0.0.1', port: 7000 }] */
  nodes: ReadonlyArray<{ host: string; port: number }>;
  /** Password (and `username`, for ACL users) of every node. @example 's3cret' */
  password?: string;
  /** ACL user name. @example 'router' */
  username?: string;
}

/**
 * A Cluster client with the same fail-fast behaviour as the standalone one `RedisConnection` makes: no
 * offline queue, no resend, back-off up to 1 s, ioredis' per-command timeout on every node connection.
 *
 * @example
 * const client = ownedCluster({ nodes: [{ host: '127.0.0.1', port: 7000 }] }, 500);
 */
export function ownedCluster(options: RedisClusterOptions, timeoutMs: number): Cluster {
  const auth = {
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.username === undefined ? {} : { username: options.username }),
  };
  return new Cluster(
    options.nodes.map((node) => ({ host: node.host, port: node.port })),
    {
      enableOfflineQueue: false,
      lazyConnect: true,
      enableAutoPipelining: true,
      clusterRetryStrategy: (times) => Math.min(50 * times, 1_000),
      redisOptions: { maxRetriesPerRequest: 0, commandTimeout: timeoutMs, ...auth },
    },
  );
}
