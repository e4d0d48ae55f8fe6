import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedisCluster } from './start-redis-cluster.js';
import { findRedisServer, startRedisServer } from './start-redis-server.js';

describe('startRedisServer', () => {
  const saved = process.env.REDIS_SERVER;
  afterEach(() => {
    if (saved === undefined) delete process.env.REDIS_SERVER;
    else process.env.REDIS_SERVER = saved;
  });

  it('starts a real redis-server on loopback, restarts it empty on the same port, and stops it', async () => {
    const server = await startRedisServer();
    const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      expect(server.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      await client.set('k', 'v');
      expect(await client.get('k')).toBe('v');
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      await server.restart();
      await new Promise<void>((resolve) => client.once('ready', () => resolve()));
      expect(await client.get('k')).toBeNull();
    } finally {
      client.disconnect();
      await server.stop();
    }
  });

  it('fails loudly, never skips, when redis-server is missing', async () => {
    process.env.REDIS_SERVER = '/nonexistent/redis-server';
    expect(() => findRedisServer()).toThrow('redis-server not found: apt-get install -y redis-server');
    await expect(startRedisServer()).rejects.toThrow('redis-server not found');
    await expect(startRedisCluster(3)).rejects.toThrow('redis-server not found');
  });
});
