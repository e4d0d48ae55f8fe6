import type { Decimal } from 'decimal.js';
import { z } from 'zod';
import { type MoneyInput, nonNegativeMoneySchema } from '../money.js';
import { parseOrThrow } from '../validation.js';

/**
 * A model's price as callers write it, in USD per one million tokens.
 *
 * @example
 * costs.setModelPrice('gpt-4o', { inputPerMillion: '2.50', outputPerMillion: '10', cachedInputPerMillion: '1.25' });
 */
export interface ModelPriceInput {
  /** Uncached prompt tokens. @example '2.50' */
  inputPerMillion: MoneyInput;
  /** Output tokens (reasoning tokens included). @example '10.00' */
  outputPerMillion: MoneyInput;
  /** Prompt tokens read from the provider's cache; default: the input price. @example '1.25' */
  cachedInputPerMillion?: MoneyInput;
  /** Prompt tokens written to the provider's cache (Anthropic); default: the input price. @example '3.75' */
  cacheWritePerMillion?: MoneyInput;
}

/**
 * A model's price in USD per one million tokens, with where it came from.
 *
 * @example
 * const price = costs.getModelPrice('gpt-4o-mini'); // { inputPerMillion: 0.15, outputPerMillion: 0.6, source: 'catalog', … }
 */
export interface ModelPrice {
  /** Uncached prompt tokens. @example new Decimal('2.50') */
  inputPerMillion: Decimal;
  /** Output tokens. @example new Decimal('10') */
  outputPerMillion: Decimal;
  /** Cached prompt tokens, when the model has a cache price. @example new Decimal('1.25') */
  cachedInputPerMillion?: Decimal;
  /** Cache writes, when the model charges them. @example new Decimal('3.75') */
  cacheWritePerMillion?: Decimal;
  /** Always USD. @example 'USD' */
  currency: 'USD';
  /** Built-in catalog or a caller's override. @example 'catalog' */
  source: 'catalog' | 'override';
  /** For catalog prices: the date they were checked. @example '2026-11-22' */
  checkedAt?: string;
}

const modelPriceInputSchema = z.strictObject({
  inputPerMillion: nonNegativeMoneySchema,
  outputPerMillion: nonNegativeMoneySchema,
  cachedInputPerMillion: nonNegativeMoneySchema.optional(),
  cacheWritePerMillion: nonNegativeMoneySchema.optional(),
});

/**
 * Validates a price input and freezes it as a {@link ModelPrice}. Throws `ValidationError`.
 *
 * @example
 * toModelPrice({ inputPerMillion: 1, outputPerMillion: 2 }, 'override');
 */
export function toModelPrice(input: unknown, source: ModelPrice['source'], checkedAt?: string): ModelPrice {
  const parsed = parseOrThrow(modelPriceInputSchema, input, 'Invalid model price');
  const price: ModelPrice = {
    inputPerMillion: parsed.inputPerMillion,
    outputPerMillion: parsed.outputPerMillion,
    currency: 'USD',
    source,
  };
  if (parsed.cachedInputPerMillion !== undefined) price.cachedInputPerMillion = parsed.cachedInputPerMillion;
  if (parsed.cacheWritePerMillion !== undefined) price.cacheWritePerMillion = parsed.cacheWritePerMillion;
  if (checkedAt !== undefined) price.checkedAt = checkedAt;
  // Frozen so the same object can be handed out (and cached by identity) without copies.
  return Object.freeze(price);
}
