import type { Clock } from '@apikeyrouter/core';
import { LRUCache } from 'lru-cache';
import type { GatewayAnswer } from '../openai/chat-response.js';
import type { CacheStore } from './cache-store.js';

/**
 * Options of {@link MemoryCacheStore}.
 *
 * @example
 * ```ts
 * const options: MemoryCacheStoreOptions = { maxBytes: 64 * 1024 * 1024, maxEntryBytes: 1024 * 1024, clock: new SystemClock() };
 * const gateway = await Gateway.create(config, { cache: new MemoryCacheStore(options) });
 * ```
 */
export interface MemoryCacheStoreOptions {
  /** Total bytes (of the serialised answers) the store may hold; least recently used go first. */
  maxBytes: number;
  /** Largest single answer stored. */
  maxEntryBytes: number;
  /** Clock for expiry. */
  clock: Clock;
}

/**
 * An in-process {@link CacheStore}: an LRU bounded in bytes, expiring entries on the injected clock. Stores
 * serialised JSON so a cached answer cannot be mutated by a caller and its size is exact.
 *
 * @example
 * const store = new MemoryCacheStore({ maxBytes: 1 << 26, maxEntryBytes: 1 << 20, clock });
 */
export class MemoryCacheStore implements CacheStore {
  readonly #lru: LRUCache<string, string>;
  readonly #maxEntryBytes: number;

  constructor(options: MemoryCacheStoreOptions) {
    this.#maxEntryBytes = options.maxEntryBytes;
    this.#lru = new LRUCache<string, string>({
      maxSize: options.maxBytes,
      maxEntrySize: options.maxEntryBytes,
      sizeCalculation: (value, key) => Buffer.byteLength(value) + key.length,
      ttlAutopurge: false,
      // Read the clock on every check (the default caches it behind a real timer, which a virtual clock never fires).
      ttlResolution: 0,
      perf: { now: () => options.clock.now() },
      allowStale: false,
    });
  }

  async get(key: string): Promise<GatewayAnswer | undefined> {
    const text = this.#lru.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as GatewayAnswer);
  }

  async set(key: string, answer: GatewayAnswer, ttlMs: number): Promise<void> {
    const text = JSON.stringify(answer);
    if (Buffer.byteLength(text) + key.length > this.#maxEntryBytes) return;
    this.#lru.set(key, text, { ttl: ttlMs });
  }

  size(): number {
    return this.#lru.calculatedSize;
  }
}
