import { createHash } from 'node:crypto';

/** Anthropic's ephemeral cache lifetime, refreshed on every hit. */
export const CACHE_TTL_MS = 5 * 60_000;

/** Most prefixes the simulated cache holds (least recently used evicted first). */
export const MAX_CACHED_PREFIXES = 10_000;

/** What a request's prompt caching amounted to. */
export interface CacheUsage {
  /** Prefix tokens written to the cache now. @example 1100 */
  creation: number;
  /** Prefix tokens served from the cache. @example 0 */
  read: number;
}

/**
 * Prompt cache of the simulated provider: per key (caches are per organisation; the fake's keys stand in),
 * model and prefix, with a 5-minute TTL on the clock, bounded to {@link MAX_CACHED_PREFIXES} prefixes. Prefixes
 * under the minimum size are not cached, as on Anthropic, and bill as plain input.
 *
 * @example
 * const cache = new PromptCache(1024, () => clock.now());
 * cache.use('key-0', 'claude-sonnet-5-5', prefixKey, 1500); // { creation: 1500, read: 0 }
 */
export class PromptCache {
  readonly #entries = new Map<string, number>();
  readonly #minTokens: number;
  readonly #now: () => number;

  constructor(minTokens: number, now: () => number) {
    this.#minTokens = minTokens;
    this.#now = now;
  }

  /** Looks a prefix up, writing it on a miss and refreshing it on a hit. */
  use(owner: string, model: string, prefixKey: string, prefixTokens: number): CacheUsage {
    if (prefixTokens < this.#minTokens || prefixKey === '') return { creation: 0, read: 0 };
    const id = createHash('sha256').update(`${owner}\u0000${model}\u0000${prefixKey}`).digest('hex');
    const now = this.#now();
    const expires = this.#entries.get(id);
    // Re-inserting keeps the Map in last-use order, so the first entry is the oldest: evict it past the bound.
    this.#entries.delete(id);
    this.#entries.set(id, now + CACHE_TTL_MS);
    if (this.#entries.size > MAX_CACHED_PREFIXES)
      this.#entries.delete(this.#entries.keys().next().value as string);
    return expires !== undefined && expires > now
      ? { creation: 0, read: prefixTokens }
      : { creation: prefixTokens, read: 0 };
  }
}
