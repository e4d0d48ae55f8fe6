import type { AdapterCapabilities, Clock } from '@apikeyrouter/core';
import type { FaultSpec } from '../fake-http/fault-script.js';
import type { FakeKeySpec } from '../fake-http/key-gate.js';
import type { PrefixCacheOptions } from '../simulation/prefix-cache.js';

/**
 * Options of {@link FakeAdapter}.
 *
 * @example
 * ```ts
 * const options: FakeAdapterOptions = {
 *   clock: new VirtualClock({ autoAdvance: true }),
 *   keys: { 'sk-a': { rpm: 60, latencyMs: 200 }, 'sk-b': { tpm: 10_000 } },
 *   models: ['gpt-4o*'],
 *   faults: [{ kind: 'rate_limit', key: 'sk-a' }],
 *   promptCache: false,
 * };
 * await router.registerProvider('fake', new FakeAdapter(options));
 * ```
 */
export interface FakeAdapterOptions {
  /** Adapter id. Default `fake`. */
  id?: string;
  /** Clock for hidden limits, latency and reset instants. Use a VirtualClock for simulations. */
  clock: Clock;
  /** Known keys by material with their hidden limits and latency. Other keys get a 401. */
  keys: Readonly<Record<string, FakeKeySpec>>;
  /** Models served (patterns ending in `*` allowed). Default `['*']`: any. */
  models?: string[];
  /** Capability overrides (default: everything supported, no embeddings). */
  capabilities?: Partial<AdapterCapabilities>;
  /** Scripted faults, consumed in order. */
  faults?: readonly FaultSpec[];
  /** Milliseconds between streamed chunks. Default 0. */
  chunkDelayMs?: number;
  /** Send rate-limit headers (observations) with responses. Default true. */
  reportRateLimits?: boolean;
  /**
   * Prompt cache: a key that sends the same prefix (tools, system prompt and history: all but the last
   * message) of at least `minTokens` again within `ttlMs` gets it back as `usage.cachedInputTokens`. Default
   * on (1,024 tokens, 5 minutes); `false` turns it off.
   */
  promptCache?: PrefixCacheOptions | false;
}
