import { createHash } from 'node:crypto';

/**
 * Settings of a simulated provider's prompt cache.
 *
 * @example
 * ```ts
 * const promptCache: PrefixCacheOptions = { ttlMs: 60_000, minTokens: 1_024, maxEntries: 1_000 };
 * const fake = new FakeAdapter({ clock, keys: { 'sk-a': {} }, promptCache });
 * ```
 */
export interface PrefixCacheOptions {
  /** How long a prefix stays cached after its last use, in ms. Default 300,000 (5 minutes). */
  ttlMs?: number;
  /** Smallest prefix cached, in tokens (OpenAI and Anthropic: 1,024). Default 1,024. */
  minTokens?: number;
  /** Most prefixes held; the oldest go first. Default 10,000. */
  maxEntries?: number;
}

/**
 * The prompt cache of a simulated provider: a prefix is cached per key (providers cache per organisation or
 * key; the fakes' keys stand in), and served from the cache when the same key sends it again within the TTL
 * on the clock. Hits refresh the TTL, as on the real providers. Bounded: at most `maxEntries` prefixes, kept
 * as digests.
 *
 * @example
 * const cache = new PrefixCache({ ttlMs: 300_000 }, () => clock.now());
 * cache.cachedTokens('key-0', systemPrompt, 1500); // 0: first time, now written
 * cache.cachedTokens('key-0', systemPrompt, 1500); // 1408: whole 128-token blocks of the prefix
 */
export class PrefixCache {
  readonly #expires = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #minTokens: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: PrefixCacheOptions, now: () => number) {
    this.#ttlMs = options.ttlMs ?? 300_000;
    this.#minTokens = options.minTokens ?? 1_024;
    this.#maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.#now = now;
  }

  /** True when `owner` sent `prefix` within the TTL; either way the prefix is (re)cached now. */
  seen(owner: string, prefix: string): boolean {
    const id = createHash('sha256').update(`${owner}\u0000${prefix}`).digest('base64');
    const now = this.#now();
    const expires = this.#expires.get(id);
    // Re-inserting keeps the Map in last-use order, so the first entry is the one to evict.
    this.#expires.delete(id);
    this.#expires.set(id, now + this.#ttlMs);
    if (this.#expires.size > this.#maxEntries)
      this.#expires.delete(this.#expires.keys().next().value as string);
    return expires !== undefined && expires > now;
  }

  /**
   * Prompt tokens served from the cache for a request whose cacheable prefix is `prefix` (`prefixTokens`
   * long): whole 128-token blocks of it on a hit, 0 on a miss or for a prefix under `minTokens`.
   */
  cachedTokens(owner: string, prefix: string, prefixTokens: number): number {
    if (prefixTokens < this.#minTokens || prefix === '') return 0;
    return this.seen(owner, prefix) ? prefixTokens - (prefixTokens % 128) : 0;
  }

  /** Prefixes held now (expired ones included until evicted). */
  get size(): number {
    return this.#expires.size;
  }
}
