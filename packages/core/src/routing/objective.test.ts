import { describe, expect, it } from 'vitest';
import { RouterError } from '../errors/router-error.js';
import { resolveObjective } from './objective.js';

describe('resolveObjective', () => {
  it('resolves presets to normalised weights', () => {
    for (const preset of ['cost', 'reliability', 'fairness', 'latency', 'quality', 'balanced']) {
      const resolved = resolveObjective(preset);
      const sum = Object.values(resolved.weights).reduce((a, b) => a + (b ?? 0), 0);
      expect(sum).toBeCloseTo(1, 9);
      expect(resolved.name).toBe(preset);
    }
  });

  it('uses explicit weights and keeps constraints', () => {
    const resolved = resolveObjective({
      primary: 'cost',
      weights: { cost: 6, latency: 3, reliability: 1 },
      constraints: { maxCostPerRequest: '0.01' },
    });
    expect(resolved.weights.cost).toBeCloseTo(0.6, 12);
    expect(resolved.weights.latency).toBeCloseTo(0.3, 12);
    expect(resolved.weights.reliability).toBeCloseTo(0.1, 12);
    expect(resolved.constraints?.maxCostPerRequest).toBe('0.01');
  });

  it('blends a secondary preset at 30 %', () => {
    const resolved = resolveObjective({ primary: 'cost', secondary: 'latency' });
    expect(resolved.name).toBe('cost+latency');
    expect(resolved.weights.cost).toBeCloseTo(0.49, 9);
    expect(resolved.weights.latency).toBeCloseTo(0.21, 9);
  });

  it.each([
    ['cheapest'],
    [{ primary: 'cost', weights: { cost: -1 } }],
    [{ primary: 'nope' }],
    [{ primary: 'cost', weights: { speed: 1 } }],
    [{ primary: 'cost', constraints: { maxCostPerRequest: 'cheap' } }],
    [42],
    [null],
  ])('rejects %j with a validation error', (input) => {
    expect(() => resolveObjective(input)).toThrow(RouterError);
    try {
      resolveObjective(input);
    } catch (error) {
      expect((error as RouterError).category).toBe('validation');
    }
  });
});
