import { LRUCache } from 'lru-cache';
import { ValidationError } from '../../errors/specific-errors.js';
import { modelCandidates } from './model-candidates.js';
import type { ModelPrice, ModelPriceInput } from './model-price.js';
import { toModelPrice } from './model-price.js';
import { catalogPrice } from './pricing-catalog.js';

const NO_PRICE = 'none' as const;

/**
 * Model prices: the built-in catalog plus overrides per model and per key + model. Lookup order: a key's
 * override, then a model override, then the catalog; within each, the most specific id first (see
 * `modelCandidates`), so `gpt-4o-2024-08-06` falls back to `gpt-4o` and `openai/gpt-4o` to `gpt-4o`.
 *
 * @example
 * const book = new PriceBook();
 * book.set('gpt-4o', { inputPerMillion: '2', outputPerMillion: '8' }, 'openai_3f9a1c0b7d2e'); // negotiated rate
 * book.get('gpt-4o', 'openai_3f9a1c0b7d2e')?.source; // 'override'
 */
export class PriceBook {
  readonly #models = new Map<string, ModelPrice>();
  readonly #keys = new Map<string, Map<string, ModelPrice>>();
  // The router asks for a price once per candidate key of every request; resolving `gpt-4o-2024-08-06` through
  // its fallbacks each time dominated routing cost at 1,000 keys. Resolutions without a key override are
  // memoised (bounded, cleared on every change); `null` remembers "no price".
  readonly #resolved = new LRUCache<string, ModelPrice | typeof NO_PRICE>({ max: 4096 });

  /**
   * Sets an override for `model` (all keys, or only `keyId`). Throws `ValidationError` on a bad price.
   * @example book.set('my-finetune', { inputPerMillion: '0.3', outputPerMillion: '1.2' });
   */
  set(model: string, input: ModelPriceInput, keyId?: string): void {
    const id = typeof model === 'string' ? model.trim().toLowerCase() : '';
    if (id.length === 0) {
      throw new ValidationError('Invalid model price (model: must be a non-empty model id)', [
        { path: 'model', message: 'must be a non-empty model id' },
      ]);
    }
    const price = toModelPrice(input, 'override');
    this.#resolved.clear();
    if (keyId === undefined) {
      this.#models.set(id, price);
      return;
    }
    let perKey = this.#keys.get(keyId);
    if (!perKey) {
      perKey = new Map();
      this.#keys.set(keyId, perKey);
    }
    perKey.set(id, price);
  }

  /** True when any key has a price override of its own. */
  hasAnyKeyOverrides(): boolean {
    return this.#keys.size > 0;
  }

  /** True when `keyId` has a price override of its own (so its prices may differ from other keys'). */
  hasKeyOverrides(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  /**
   * The price that applies to `model` on `keyId`, or undefined when nothing prices it.
   * @example book.get('anthropic/claude-3-5-haiku-latest');
   */
  get(model: string, keyId?: string): ModelPrice | undefined {
    const perKey = keyId === undefined ? undefined : this.#keys.get(keyId);
    if (perKey) {
      for (const candidate of modelCandidates(model)) {
        const price = perKey.get(candidate);
        if (price) return price;
      }
    }
    const cached = this.#resolved.get(model);
    if (cached !== undefined) return cached === NO_PRICE ? undefined : cached;
    const price = this.#resolveShared(model);
    this.#resolved.set(model, price ?? NO_PRICE);
    return price;
  }

  #resolveShared(model: string): ModelPrice | undefined {
    const candidates = modelCandidates(model);
    for (const candidate of candidates) {
      const price = this.#models.get(candidate);
      if (price) return price;
    }
    for (const candidate of candidates) {
      const price = catalogPrice(candidate);
      if (price) return price;
    }
    return undefined;
  }
}
