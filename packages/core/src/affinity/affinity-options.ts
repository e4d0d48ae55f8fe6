import { z } from 'zod';

/**
 * Prompt-cache affinity: requests that share a prompt prefix stay on the key that served it last (providers
 * cache prefixes per key or organisation), while that key has headroom. `intent.affinityKey` always opts a
 * request in; `derive` also derives a key from the prompt for requests without one.
 *
 * @example
 * new ApiKeyRouter({ affinity: { derive: 'system', maxEntries: 50_000 } });
 */
export interface AffinityOptions {
  /**
   * Affinity for requests without `affinityKey`: `system` = the system messages and tool definitions,
   * `prefix` = the first `prefixChars` characters of the conversation, `off` = none. Default `off`.
   */
  derive?: 'off' | 'system' | 'prefix';
  /** Characters of the conversation that make a `prefix` key. Default 4,096 (about 1,024 tokens). */
  prefixChars?: number;
  /** Most prefixes remembered; least recently used go first. Default 10,000 (≈ 200 B each). */
  maxEntries?: number;
  /** How long a prefix stays bound to its key without traffic, in ms. Default 300,000 (provider cache TTL). */
  ttlMs?: number;
  /**
   * Least headroom (share of the tightest quota left after the request) the bound key must keep. Default 0:
   * the bound key is used whenever the request fits its quota (so affinity never causes a 429).
   */
  minHeadroom?: number;
}

/**
 * {@link AffinityOptions} with every default filled in.
 *
 * @example
 * const resolved: ResolvedAffinityOptions = { ...AFFINITY_DEFAULTS, derive: 'system' };
 */
export type ResolvedAffinityOptions = Required<AffinityOptions>;

/**
 * The defaults of {@link AffinityOptions}.
 *
 * @example
 * AFFINITY_DEFAULTS.maxEntries; // 10_000
 */
export const AFFINITY_DEFAULTS: Readonly<ResolvedAffinityOptions> = Object.freeze({
  derive: 'off',
  prefixChars: 4_096,
  maxEntries: 10_000,
  ttlMs: 300_000,
  minHeadroom: 0,
});

/**
 * The zod schema of the `affinity` router option.
 *
 * @example
 * affinityOptionsSchema.parse({ derive: 'prefix' });
 */
export const affinityOptionsSchema = z.strictObject({
  derive: z.enum(['off', 'system', 'prefix']).optional(),
  prefixChars: z.number().int().min(1).max(1_000_000).optional(),
  maxEntries: z.number().int().min(1).max(10_000_000).optional(),
  ttlMs: z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional(),
  minHeadroom: z.number().min(0).max(1).optional(),
});

/**
 * Fills in the defaults.
 *
 * @example
 * resolveAffinityOptions({ derive: 'system' }).ttlMs; // 300_000
 */
export function resolveAffinityOptions(options: AffinityOptions = {}): ResolvedAffinityOptions {
  return {
    derive: options.derive ?? AFFINITY_DEFAULTS.derive,
    prefixChars: options.prefixChars ?? AFFINITY_DEFAULTS.prefixChars,
    maxEntries: options.maxEntries ?? AFFINITY_DEFAULTS.maxEntries,
    ttlMs: options.ttlMs ?? AFFINITY_DEFAULTS.ttlMs,
    minHeadroom: options.minHeadroom ?? AFFINITY_DEFAULTS.minHeadroom,
  };
}
