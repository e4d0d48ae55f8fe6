import { SystemClock } from '@apikeyrouter/core';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServerHandle, startRedisServer } from '../testing/start-redis-server.js';
import { FusedScript } from './fused-script.js';
import { LuaScript } from './lua-script.js';
import { RedisConnection } from './redis-connection.js';

/** Appends ARGV[1] to the list KEYS[1] and answers the list's length and ARGV[2] (if any). */
const PUSH = new LuaScript('test.push', "return {redis.call('RPUSH', KEYS[1], ARGV[1]), ARGV[2]}");
/** Fails at run time, after a write. */
const BROKEN = new LuaScript('test.broken', "redis.call('RPUSH', KEYS[1], 'b')\nlocal x = nil\nreturn x + 1");
/** A redis.call that fails (INCR on a list). */
const WRONG = new LuaScript('test.wrong', "return redis.call('INCR', KEYS[1])");
/** Answers nothing. */
const NOTHING = new LuaScript('test.nothing', 'return nil');
const FUSED = new FusedScript('test.fused', [PUSH, BROKEN, WRONG, NOTHING]);

describe('script fusion', () => {
  let server: RedisServerHandle;
  let admin: Redis;
  let connection: RedisConnection;
  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(server.url);
    connection = new RedisConnection({
      url: server.url,
      timeoutMs: 2_000,
      prefix: 'fusion',
      clock: new SystemClock(),
      fuse: FUSED,
    });
    await connection.ready();
  });
  afterAll(async () => {
    await connection.close();
    admin.disconnect();
    await server.stop();
  });

  const evalshaCalls = async () =>
    Number(/cmdstat_evalsha:calls=(\d+)/.exec((await admin.info('commandstats')) as string)?.[1] ?? 0);

  it('sends the calls of one tick as one EVALSHA and answers each with its own reply, in order', async () => {
    expect(connection.fusing).toBe(true);
    await connection.run(PUSH, ['warm'], ['x']); // loads the scripts once
    await connection.run(NOTHING, ['warm'], []);
    const before = await evalshaCalls();
    const replies = await Promise.all([
      connection.run(PUSH, ['l1'], ['a', 'first']),
      connection.run(PUSH, ['l2'], ['b']),
      connection.run(PUSH, ['l1'], ['c', 'third']),
      connection.run(NOTHING, ['l1'], []),
    ]);
    expect(await evalshaCalls()).toBe(before + 1);
    expect(replies).toEqual([[1, 'first'], [1], [2, 'third'], null]);
    expect(await admin.lrange('l1', 0, -1)).toEqual(['a', 'c']);
  });

  it('a failing call fails alone, as a script bug, and the calls around it are answered', async () => {
    await admin.rpush('list', 'z');
    const [before, broken, wrong, after] = await Promise.allSettled([
      connection.run(PUSH, ['l3'], ['a']),
      connection.run(BROKEN, ['l3'], []),
      connection.run(WRONG, ['list'], []),
      connection.run(PUSH, ['l3'], ['c']),
    ]);
    expect(before).toEqual({ status: 'fulfilled', value: [1] });
    expect(after).toEqual({ status: 'fulfilled', value: [3] });
    // A script bug surfaces as it is (not as store_unavailable), as it does for a script run alone.
    expect(broken.status === 'rejected' && String(broken.reason)).toMatch(/ERR user_script.*arithmetic/);
    // A failed redis.call keeps its own code, as when run alone.
    expect(wrong.status === 'rejected' && String(wrong.reason)).toMatch(/WRONGTYPE .*script: test.wrong/);
    expect(await admin.lrange('l3', 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('a command outside the fusion made later in the tick reaches Redis after the collected calls', async () => {
    const pushed = connection.run(PUSH, ['order'], ['1']);
    const direct = connection.bounded('test.rpush', () => connection.client.rpush('order', '2'));
    const again = connection.run(PUSH, ['order'], ['3']);
    await Promise.all([pushed, direct, again]);
    expect(await admin.lrange('order', 0, -1)).toEqual(['1', '2', '3']);
  });

  it('a call that cannot reach Redis fails each collected call as store_unavailable, named by its own script', async () => {
    const closed = new RedisConnection({
      url: server.url,
      timeoutMs: 500,
      prefix: 'fusion',
      clock: new SystemClock(),
      fuse: FUSED,
    });
    await closed.ready();
    closed.client.disconnect();
    const results = await Promise.allSettled([
      closed.run(PUSH, ['gone'], ['a']),
      closed.run(NOTHING, ['gone'], []),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const reasons = results.map((r) => (r.status === 'rejected' ? String(r.reason) : ''));
    expect(reasons[0]).toMatch(/unavailable during test.push/);
    expect(reasons[1]).toMatch(/unavailable during test.nothing/);
    await closed.close();
  });

  it('a Cluster client runs every script by itself (the parts keys sit in different slots)', () => {
    const cluster = new Cluster([{ host: '127.0.0.1', port: 1 }], { lazyConnect: true });
    const onCluster = new RedisConnection({
      client: cluster,
      timeoutMs: 500,
      prefix: 'fusion',
      clock: new SystemClock(),
      fuse: FUSED,
    });
    expect(onCluster.fusing).toBe(false);
    cluster.disconnect();
  });
});
