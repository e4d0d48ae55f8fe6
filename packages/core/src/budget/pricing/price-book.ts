import { ValidationError } from '../../errors/specific-errors.js';
import { modelCandidates } from './model-candidates.js';
import type { ModelPrice, ModelPriceInput } from './model-price.js';
import { toModelPrice } from './model-price.js';
import { catalogPrice } from './pricing-catalog.js';

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

  /**
   * The price that applies to `model` on `keyId`, or undefined when nothing prices it.
   * @example book.get('anthropic/claude-3-5-haiku-latest');
   */
  get(model: string, keyId?: string): ModelPrice | undefined {
    const candidates = modelCandidates(model);
    const perKey = keyId === undefined ? undefined : this.#keys.get(keyId);
    for (const lookup of [
      (id: string) => perKey?.get(id),
      (id: string) => this.#models.get(id),
      (id: string) => catalogPrice(id),
    ]) {
      for (const candidate of candidates) {
        const price = lookup(candidate);
        if (price) return price;
      }
    }
    return undefined;
  }
}
