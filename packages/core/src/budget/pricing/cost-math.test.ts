import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/specific-errors.js';
import { intentCostRange, usageCost, worstCaseCost } from './cost-math.js';
import { toModelPrice } from './model-price.js';

const anthropicLike = toModelPrice(
  {
    inputPerMillion: '3',
    outputPerMillion: '15',
    cachedInputPerMillion: '0.30',
    cacheWritePerMillion: '3.75',
  },
  'override',
);
const plain = toModelPrice({ inputPerMillion: '0.15', outputPerMillion: '0.60' }, 'override');

describe('usageCost', () => {
  it('prices cache reads and writes at their own rates', () => {
    // 1,000 prompt tokens: 600 cache reads, 300 cache writes, 100 plain; 200 output tokens.
    const cost = usageCost(anthropicLike, {
      inputTokens: 1000,
      cachedInputTokens: 600,
      cacheCreationInputTokens: 300,
      outputTokens: 200,
      totalTokens: 1200,
    });
    // 100×3 + 600×0.30 + 300×3.75 + 200×15 = 300 + 180 + 1125 + 3000 = 4605 per million
    expect(cost.toString()).toBe('0.004605');
  });

  it('falls back to the input rate without cache prices and never counts cached tokens twice', () => {
    const cost = usageCost(plain, {
      inputTokens: 100,
      cachedInputTokens: 500,
      outputTokens: 10,
      totalTokens: 110,
    });
    expect(cost.toString()).toBe(
      usageCost(plain, { inputTokens: 100, outputTokens: 10, totalTokens: 110 }).toString(),
    );
  });

  it('rejects negative or non-finite token counts', () => {
    expect(() => usageCost(plain, { inputTokens: -1, outputTokens: 0, totalTokens: 0 })).toThrow(
      ValidationError,
    );
    expect(() => usageCost(plain, { inputTokens: 1, outputTokens: Number.NaN, totalTokens: 1 })).toThrow(
      ValidationError,
    );
  });
});

describe('worstCaseCost', () => {
  it('takes the dearest input rate so a cache write can never exceed the reservation', () => {
    const worst = worstCaseCost(anthropicLike, { inputTokens: 1000, outputTokens: 100 });
    expect(worst.toString()).toBe('0.00525'); // 1000×3.75 + 100×15 = 5250 per million
    const actual = usageCost(anthropicLike, {
      inputTokens: 1000,
      cacheCreationInputTokens: 1000,
      outputTokens: 100,
      totalTokens: 1100,
    });
    expect(actual.lessThanOrEqualTo(worst)).toBe(true);
  });
});

describe('intentCostRange', () => {
  it('is input only, input + half the output allowance, input + all of it', () => {
    const range = intentCostRange(plain, { inputTokens: 1000, outputTokens: 1001 });
    expect(range.min.toString()).toBe('0.00015');
    expect(range.expected.toString()).toBe('0.0004503');
    expect(range.max.toString()).toBe('0.0007506');
  });
});
