import type { Clock } from '@apikeyrouter/core';
import type { Redis } from 'ioredis';
import type { GatewayAnswer } from '../openai/chat-response.js';
import type { CacheStore } from './cache-store.js';
import { parseCachedAnswer } from './cached-answer.js';

/** Options of {@link RedisCacheStore}. */
export interface RedisCacheStoreOptions {
  /** A connected ioredis client; the store does not close it. */
  client: Redis;
  /** Prefix of every key (`<prefix>:cache:<virtual key>:<digest>`). @example 'akr' */
  prefix: string;
  /** Largest single answer stored, in bytes of its JSON. @example 1048576 */
  maxEntryBytes: number;
  /** Longest time an entry lives, whatever `set` asks. @example 86400000 */
  maxTtlMs: number;
  /** Clock expiry is judged on (Redis' own TTL only frees the memory). */
  clock: Clock;
}

/**
 * A {@link CacheStore} on Redis, shared by every gateway replica using the same prefix. Each entry is bounded
 * in size (`maxEntryBytes`) and in life (a Redis TTL of at most `maxTtlMs`), so the store cannot grow without
 * bound; its keys carry the virtual key's name, so one team's entries can be found and flushed. The cache
 * only ever helps: a Redis error or an unreadable entry is a miss, and a failed write is dropped.
 *
 * @example
 * const store = new RedisCacheStore({ client, prefix: 'akr', maxEntryBytes: 1 << 20, maxTtlMs: 3_600_000, clock });
 */
export class RedisCacheStore implements CacheStore {
  readonly #options: RedisCacheStoreOptions;

  constructor(options: RedisCacheStoreOptions) {
    this.#options = options;
  }

  async get(key: string): Promise<GatewayAnswer | undefined> {
    let text: string | null;
    try {
      text = await this.#options.client.get(this.#redisKey(key));
    } catch {
      return undefined;
    }
    if (text === null) return undefined;
    return parseCachedAnswer(text, this.#options.clock.now());
  }

  async set(key: string, answer: GatewayAnswer, ttlMs: number): Promise<void> {
    const ttl = Math.min(Math.floor(ttlMs), this.#options.maxTtlMs);
    if (!(ttl > 0)) return;
    const text = JSON.stringify({ expiresAt: this.#options.clock.now() + ttl, answer });
    if (Buffer.byteLength(text) + key.length > this.#options.maxEntryBytes) return;
    try {
      await this.#options.client.set(this.#redisKey(key), text, 'PX', ttl);
    } catch {
      // A cache write that fails costs a later miss, never the request.
    }
  }

  /** Always 0: the entries live in Redis, bounded per entry and by their TTL, not in this process. */
  size(): number {
    return 0;
  }

  #redisKey(key: string): string {
    return `${this.#options.prefix}:cache:${key}`;
  }
}
