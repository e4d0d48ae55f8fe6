import { describe, expect, it } from 'vitest';
import { catalogModels, catalogPrice, PRICING_CHECKED_AT } from './pricing-catalog.js';

describe('built-in pricing catalog', () => {
  it('has a check date', () => {
    expect(PRICING_CHECKED_AT).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number.isNaN(Date.parse(PRICING_CHECKED_AT))).toBe(false);
  });

  it('covers OpenAI, Anthropic, Gemini, Groq and Mistral models', () => {
    for (const model of [
      'gpt-4o-mini',
      'claude-3-5-haiku',
      'gemini-2.5-flash',
      'llama-3.3-70b-versatile',
      'codestral-latest',
    ]) {
      expect(catalogPrice(model), model).toBeDefined();
    }
  });

  it('lists only sane, frozen catalog prices in lower case', () => {
    const models = catalogModels();
    expect(models.length).toBeGreaterThan(30);
    for (const model of models) {
      const price = catalogPrice(model);
      expect(model).toBe(model.toLowerCase());
      expect(price?.source).toBe('catalog');
      expect(price?.checkedAt).toBe(PRICING_CHECKED_AT);
      expect(price?.currency).toBe('USD');
      expect(Object.isFrozen(price)).toBe(true);
      expect(price?.inputPerMillion.greaterThan(0)).toBe(true);
      // Output is never cheaper than input, and a cache hit never dearer than a plain input token.
      expect(price?.outputPerMillion.greaterThanOrEqualTo(price.inputPerMillion)).toBe(true);
      if (price?.cachedInputPerMillion)
        expect(price.cachedInputPerMillion.lessThan(price.inputPerMillion)).toBe(true);
      if (price?.cacheWritePerMillion)
        expect(price.cacheWritePerMillion.greaterThan(price.inputPerMillion)).toBe(true);
    }
  });

  it('prices known models as published', () => {
    expect(catalogPrice('gpt-4o')?.inputPerMillion.toString()).toBe('2.5');
    expect(catalogPrice('gpt-4o')?.cachedInputPerMillion?.toString()).toBe('1.25');
    expect(catalogPrice('claude-sonnet-4')?.cacheWritePerMillion?.toString()).toBe('3.75');
    expect(catalogPrice('unknown-model')).toBeUndefined();
  });
});
