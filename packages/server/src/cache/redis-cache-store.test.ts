import { VirtualClock } from '@apikeyrouter/core';
import { type RedisServerHandle, startRedisServer } from '@apikeyrouter/redis/testing';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayAnswer } from '../openai/chat-response.js';
import { parseCachedAnswer } from './cached-answer.js';
import { RedisCacheStore } from './redis-cache-store.js';

const ANSWER: GatewayAnswer = {
  model: 'gpt-4o-mini',
  content: 'cached words',
  toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' }],
  finishReason: 'tool_calls',
  usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 },
};

describe('RedisCacheStore', () => {
  let redis: RedisServerHandle;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedisServer();
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  it('stores under the prefix, expires on the gateway clock, caps TTL and entry size', async () => {
    const clock = new VirtualClock({ start: 1_000_000 });
    const store = new RedisCacheStore({
      client,
      prefix: 'unit',
      maxEntryBytes: 400,
      maxTtlMs: 30_000,
      clock,
    });
    expect(await store.get('team:abc')).toBeUndefined();
    await store.set('team:abc', ANSWER, 60_000);
    expect(await store.get('team:abc')).toEqual(ANSWER);
    const ttl = await client.pttl('unit:cache:team:abc');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
    await clock.advance(30_000);
    expect(await store.get('team:abc')).toBeUndefined();

    await store.set('team:big', { ...ANSWER, content: 'x'.repeat(500) }, 60_000);
    expect(await client.exists('unit:cache:team:big')).toBe(0);
    await store.set('team:zero', ANSWER, 0);
    expect(await client.exists('unit:cache:team:zero')).toBe(0);
    expect(store.size()).toBe(0);
  });

  it('reads a foreign or corrupt value as a miss, and a dead Redis as a miss', async () => {
    const clock = new VirtualClock();
    const store = new RedisCacheStore({
      client,
      prefix: 'odd',
      maxEntryBytes: 4096,
      maxTtlMs: 60_000,
      clock,
    });
    await client.set('odd:cache:team:k', '{"expiresAt":1e15,"answer":{"model":1}}');
    expect(await store.get('team:k')).toBeUndefined();
    await client.set('odd:cache:team:k', 'not json');
    expect(await store.get('team:k')).toBeUndefined();

    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    dead.on('error', () => undefined);
    const offline = new RedisCacheStore({
      client: dead,
      prefix: 'x',
      maxEntryBytes: 4096,
      maxTtlMs: 1000,
      clock,
    });
    await offline.set('team:k', ANSWER, 1000);
    expect(await offline.get('team:k')).toBeUndefined();
    dead.disconnect();
  });

  it('parseCachedAnswer never throws and only returns live, well-formed answers', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), fc.integer(), (text, now) => {
        const parsed = parseCachedAnswer(text, now);
        if (parsed !== undefined) expect(typeof parsed.content).toBe('string');
      }),
    );
    const text = JSON.stringify({ expiresAt: 10, answer: ANSWER });
    expect(parseCachedAnswer(text, 9)).toEqual(ANSWER);
    expect(parseCachedAnswer(text, 10)).toBeUndefined();
  });
});
