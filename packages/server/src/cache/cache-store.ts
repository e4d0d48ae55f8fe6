import type { GatewayAnswer } from '../openai/chat-response.js';

/**
 * Where cached answers live. The memory store is the default; a shared store (Redis) implements the same
 * contract so replicas share hits. Implementations bound their size and never throw for a miss.
 *
 * @example
 * const store: CacheStore = new MemoryCacheStore({ maxBytes: 64 * 1024 * 1024, maxEntryBytes: 1024 * 1024, clock: new SystemClock() });
 * await store.set(key, answer, 60_000);
 */
export interface CacheStore {
  /** The answer stored under `key`, unless missing or expired. */
  get(key: string): Promise<GatewayAnswer | undefined>;
  /** Stores an answer for `ttlMs`; an answer too large for the store is silently not stored. */
  set(key: string, answer: GatewayAnswer, ttlMs: number): Promise<void>;
  /** Bytes held now. */
  size(): number;
}
