/**
 * What a simulated provider saw for one key.
 *
 * @example
 * ```ts
 * const fake = await startFakeProvider({ flavor: 'openai', keys: { 'sk-a': { rpm: 1, label: 'a' } } });
 * // … send two requests with sk-a, then:
 * const stats: UpstreamKeyStats | undefined = fake.stats().a;
 * stats?.requests; // 2
 * stats?.rateLimited; // 1
 * ```
 */
export interface UpstreamKeyStats {
  /** Requests received (authenticated or not). */
  requests: number;
  /** Requests answered successfully. */
  successes: number;
  /** 429 answers of any kind. */
  rateLimited: number;
  /** Other error answers and injected transport faults. */
  errors: number;
  /** Prompt tokens of successful requests. */
  inputTokens: number;
  /** Output tokens of successful requests. */
  outputTokens: number;
}

/**
 * Per-key counters of a simulated provider. Keys are reported by a label, never by material.
 *
 * @example
 * stats.record('key-a', 'success', { inputTokens: 10, outputTokens: 5 });
 */
export class ProviderStats {
  readonly #byKey = new Map<string, UpstreamKeyStats>();

  #entry(label: string): UpstreamKeyStats {
    let entry = this.#byKey.get(label);
    if (!entry) {
      entry = { requests: 0, successes: 0, rateLimited: 0, errors: 0, inputTokens: 0, outputTokens: 0 };
      this.#byKey.set(label, entry);
    }
    return entry;
  }

  /** Counts one request and its outcome. */
  record(
    label: string,
    outcome: 'success' | 'rate_limited' | 'error' | 'pending',
    tokens?: { inputTokens: number; outputTokens: number },
  ): void {
    const entry = this.#entry(label);
    if (outcome === 'pending') {
      entry.requests++;
      return;
    }
    if (outcome === 'success') entry.successes++;
    else if (outcome === 'rate_limited') entry.rateLimited++;
    else entry.errors++;
    if (tokens) {
      entry.inputTokens += tokens.inputTokens;
      entry.outputTokens += tokens.outputTokens;
    }
  }

  /** A copy of the counters, by key label. */
  snapshot(): Record<string, UpstreamKeyStats> {
    const out: Record<string, UpstreamKeyStats> = {};
    for (const [label, stats] of this.#byKey) out[label] = { ...stats };
    return out;
  }
}
