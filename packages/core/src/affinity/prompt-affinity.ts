import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock/clock.js';
import type { CandidateSet } from '../routing/candidate-set.js';
import { type AffinitySource, affinityDigest } from './affinity-digest.js';
import type { ResolvedAffinityOptions } from './affinity-options.js';
import type { AffinityExplanation } from './affinity-types.js';

/** A decision's pick as indexes into its candidate set (-1 = none); {@link PromptAffinity.prefer} may change it. */
export interface AffinityRanking {
  best: number;
  runnerUp: number;
}

/**
 * Prompt-cache affinity: remembers which key last served each prefix (per model) and prefers it while it is
 * eligible and has headroom, so the provider's prompt cache for that key keeps hitting. Bounded: at most
 * `maxEntries` prefixes (least recently used evicted), each forgotten `ttlMs` after its last use on the
 * router's clock. Only digests and key ids are stored.
 *
 * @example
 * const affinity = new PromptAffinity(clock, resolveAffinityOptions({ derive: 'system' }));
 * const digest = affinity.digestOf(intent);
 * affinity.remember(digest, 'gpt-4o', keyId);
 */
export class PromptAffinity {
  readonly #options: ResolvedAffinityOptions;
  readonly #bound: LRUCache<string, string>;

  constructor(clock: Clock, options: ResolvedAffinityOptions) {
    this.#options = options;
    this.#bound = new LRUCache<string, string>({
      max: options.maxEntries,
      ttl: options.ttlMs,
      // Read the router clock on every check: a cached 'now' would outlive a virtual clock's jumps.
      ttlResolution: 0,
      perf: { now: () => clock.now() },
    });
  }

  /** Prefixes remembered now. */
  get size(): number {
    return this.#bound.size;
  }

  /** The request's affinity digest, or undefined when it has none (embeddings intents never have one). */
  digestOf(intent: { model: string } & AffinitySource): string | undefined {
    return affinityDigest(intent, this.#options);
  }

  /**
   * Moves the key bound to `digest` to the front of a scored decision when it is eligible and has at least
   * `minHeadroom`; otherwise leaves normal scoring's pick. Returns what it did, for the explanation.
   */
  prefer(
    digest: string | undefined,
    model: string,
    set: CandidateSet,
    ranking: AffinityRanking,
  ): AffinityExplanation | undefined {
    if (digest === undefined) return undefined;
    const short = digest.slice(0, 12);
    const keyId = this.#bound.get(`${model}\u0000${digest}`);
    if (keyId === undefined)
      return { digest: short, outcome: 'new', reason: 'no key bound to this prefix yet: normal scoring' };
    const fallback = (reason: string): AffinityExplanation => ({
      digest: short,
      outcome: 'fallback',
      keyId,
      reason: `${reason}: normal scoring`,
    });
    // A linear scan, but only for requests with affinity, and cheaper than the scoring that precedes it.
    const index = set.records.findIndex((record) => record.id === keyId);
    if (index < 0) return fallback('bound key is not a candidate for this model');
    if (!set.isEligible(index)) {
      const code = set.codes[index] as string;
      return fallback(`bound key excluded (${code}: ${set.details[index] ?? code})`);
    }
    const headroom = set.headrooms[index] ?? 1;
    if (headroom < this.#options.minHeadroom)
      return fallback(`bound key has headroom ${headroom.toFixed(2)} < ${this.#options.minHeadroom}`);
    if (ranking.best !== index) {
      ranking.runnerUp = ranking.best;
      ranking.best = index;
    }
    return { digest: short, outcome: 'used', keyId, reason: `bound key has headroom ${headroom.toFixed(2)}` };
  }

  /** The id of the key bound to `digest` for `model`, if any, without refreshing it (read before a decision). */
  boundKey(digest: string | undefined, model: string): string | undefined {
    return digest === undefined ? undefined : this.#bound.peek(`${model}\u0000${digest}`);
  }

  /** Binds a prefix to the key that just served it (refreshing its TTL). */
  remember(digest: string | undefined, model: string, keyId: string): void {
    if (digest !== undefined) this.#bound.set(`${model}\u0000${digest}`, keyId);
  }
}
