import { LRUCache } from 'lru-cache';
import { modelMatches } from '../adapter/capabilities.js';
import { ValidationError } from '../errors/specific-errors.js';

/** Distinct model names whose score is remembered; model names come from callers, so the cache is bounded. */
export const MODEL_QUALITY_CACHE_SIZE = 1_024;

/**
 * Default quality scores (0..1) used by the `quality` scorer: a coarse tiering (frontier, strong, fast/small)
 * rather than a benchmark claim. Override per model with `router.setModelQuality(model, score)`; unknown
 * models score 0.5. Longest matching prefix wins.
 *
 * @example
 * ```ts
 * DEFAULT_MODEL_QUALITY['gpt-4o*']; // 0.85
 * router.setModelQuality('gpt-4o*', 0.9); // your own judgement wins over the default
 * ```
 */
export const DEFAULT_MODEL_QUALITY: Readonly<Record<string, number>> = {
  'gpt-4.1*': 0.9,
  'gpt-4o*': 0.85,
  'gpt-4o-mini*': 0.65,
  'gpt-4.1-mini*': 0.7,
  'gpt-4.1-nano*': 0.55,
  'o3*': 0.92,
  'o4-mini*': 0.8,
  'claude-opus*': 0.93,
  'claude-sonnet*': 0.9,
  'claude-3-5-sonnet*': 0.87,
  'claude-3-7-sonnet*': 0.88,
  'claude-3-5-haiku*': 0.65,
  'claude-haiku*': 0.7,
  'gemini-2.5-pro*': 0.9,
  'gemini-2.5-flash*': 0.75,
  'gemini-2.0-flash*': 0.65,
  'gemini-1.5-pro*': 0.75,
  'gemini-1.5-flash*': 0.55,
  'llama-3.3-70b*': 0.7,
  'llama-3.1-8b*': 0.45,
  'mistral-large*': 0.8,
  'mistral-small*': 0.6,
};

/**
 * Looks up quality scores: user overrides first, then the defaults, by longest matching pattern.
 *
 * @example
 * const quality = new ModelQuality();
 * quality.set('my-finetune', 0.8);
 * quality.of('gpt-4o-2024-08-06'); // 0.85
 */
export class ModelQuality {
  readonly #overrides = new Map<string, number>();
  readonly #cache = new LRUCache<string, number>({ max: MODEL_QUALITY_CACHE_SIZE });

  /** Sets the score of a model id or `prefix*` pattern (clamped to 0..1). Throws `ValidationError`. */
  set(model: string, score: number): void {
    if (typeof model !== 'string' || model === '' || !Number.isFinite(score)) {
      throw new ValidationError('Invalid model quality', [
        { path: 'score', message: 'model and a finite score' },
      ]);
    }
    this.#overrides.set(model, Math.min(1, Math.max(0, score)));
    this.#cache.clear();
  }

  /** The score of a model (a `provider/model` override wins for that provider), 0.5 when unknown. */
  of(model: string, providerId?: string): number {
    if (providerId !== undefined && this.#overrides.size > 0) {
      const scoped = this.#overrides.get(`${providerId}/${model}`);
      if (scoped !== undefined) return scoped;
    }
    const cached = this.#cache.get(model);
    if (cached !== undefined) return cached;
    const score = this.#lookup(model);
    this.#cache.set(model, score);
    return score;
  }

  /**
   * Model names whose score is cached (at most {@link MODEL_QUALITY_CACHE_SIZE}).
   * @example quality.cachedModels; // 3
   */
  get cachedModels(): number {
    return this.#cache.size;
  }

  #lookup(model: string): number {
    const exact = this.#overrides.get(model);
    if (exact !== undefined) return exact;
    let best = 0.5;
    let bestLength = -1;
    const consider = (pattern: string, score: number) => {
      if (pattern.length > bestLength && modelMatches([pattern], model)) {
        best = score;
        bestLength = pattern.length;
      }
    };
    for (const [pattern, score] of this.#overrides) consider(pattern, score);
    if (bestLength >= 0) return best;
    for (const [pattern, score] of Object.entries(DEFAULT_MODEL_QUALITY)) consider(pattern, score);
    return best;
  }
}
