import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/specific-errors.js';
import { PriceBook } from './price-book.js';

describe('PriceBook', () => {
  it('finds catalog prices for prefixed, dated and aliased ids', () => {
    const book = new PriceBook();
    expect(book.get('openai/gpt-4o-2024-08-06')?.inputPerMillion.toString()).toBe('2.5');
    expect(book.get('anthropic/claude-3-5-haiku-latest')?.outputPerMillion.toString()).toBe('4');
    expect(book.get('groq/openai/gpt-oss-120b')?.inputPerMillion.toString()).toBe('0.15');
    expect(book.get('GPT-4O-MINI')?.source).toBe('catalog');
  });

  it('prefers a listed snapshot over its base model', () => {
    expect(new PriceBook().get('gpt-4o-2024-05-13')?.inputPerMillion.toString()).toBe('5');
  });

  it('applies key override > model override > catalog', () => {
    const book = new PriceBook();
    book.set('gpt-4o', { inputPerMillion: '2', outputPerMillion: '8' });
    book.set('gpt-4o', { inputPerMillion: '1', outputPerMillion: '4' }, 'key-a');
    expect(book.get('gpt-4o-2024-11-20', 'key-a')?.inputPerMillion.toString()).toBe('1');
    expect(book.get('gpt-4o', 'key-b')?.inputPerMillion.toString()).toBe('2');
    expect(book.get('gpt-4o')?.source).toBe('override');
    expect(book.get('gpt-4o-mini', 'key-a')?.source).toBe('catalog');
  });

  it('prices unknown models only once overridden, and hands out the same frozen object', () => {
    const book = new PriceBook();
    expect(book.get('my-finetune')).toBeUndefined();
    book.set('my-finetune', { inputPerMillion: 0.5, outputPerMillion: '1.5', cachedInputPerMillion: '0.1' });
    const price = book.get('my-finetune');
    expect(price?.cachedInputPerMillion?.toString()).toBe('0.1');
    expect(book.get('my-finetune')).toBe(price);
    expect(Object.isFrozen(price)).toBe(true);
  });

  it.each([
    [{ inputPerMillion: '-1', outputPerMillion: '1' }],
    [{ inputPerMillion: Number.POSITIVE_INFINITY, outputPerMillion: '1' }],
    [{ inputPerMillion: '1' }],
    [{ inputPerMillion: '1', outputPerMillion: '1', currency: 'EUR' }],
  ])('rejects a bad price %j', (price) => {
    expect(() => new PriceBook().set('m', price as never)).toThrow(ValidationError);
  });

  it('rejects an empty model id', () => {
    expect(() => new PriceBook().set('  ', { inputPerMillion: 1, outputPerMillion: 1 })).toThrow(/model/);
  });
});
