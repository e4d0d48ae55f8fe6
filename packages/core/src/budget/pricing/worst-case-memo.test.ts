import { describe, expect, it } from 'vitest';
import { worstCaseCost } from './cost-math.js';
import { PriceBook } from './price-book.js';
import { WorstCaseMemo } from './worst-case-memo.js';

describe('WorstCaseMemo', () => {
  const book = new PriceBook();
  book.set('m', { inputPerMillion: '2', outputPerMillion: '8' });
  const price = book.get('m');
  if (!price) throw new Error('price not set');

  it('computes each (price, estimate) once and equals the direct computation', () => {
    const memo = new WorstCaseMemo();
    const first = memo.cost(price, { inputTokens: 1_000, outputTokens: 100 });
    expect(first.equals(worstCaseCost(price, { inputTokens: 1_000, outputTokens: 100 }))).toBe(true);
    expect(memo.cost(price, { inputTokens: 1_000, outputTokens: 100 })).toBe(first);
    expect(memo.cost(price, { inputTokens: 1_000, outputTokens: 101 })).not.toBe(first);
  });

  it('keeps at most 256 estimates per price (the oldest is computed again)', () => {
    const memo = new WorstCaseMemo();
    const oldest = memo.cost(price, { inputTokens: 0, outputTokens: 1 });
    for (let i = 2; i <= 257; i++) memo.cost(price, { inputTokens: 0, outputTokens: i });
    const again = memo.cost(price, { inputTokens: 0, outputTokens: 1 });
    expect(again).not.toBe(oldest);
    expect(again.equals(oldest)).toBe(true);
  });
});
