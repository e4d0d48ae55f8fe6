import { describe, expect, it } from 'vitest';
import { MODEL_QUALITY_CACHE_SIZE, ModelQuality } from './model-quality.js';

describe('ModelQuality', () => {
  it('keeps its cache bounded however many distinct model names it is asked about', () => {
    const quality = new ModelQuality();
    for (let i = 0; i < 50_000; i++) quality.of(`attacker-model-${i}`);
    expect(quality.cachedModels).toBe(MODEL_QUALITY_CACHE_SIZE);
    // Evicted and fresh names still score right.
    expect(quality.of('attacker-model-0')).toBe(0.5);
    expect(quality.of('gpt-4o-2024-08-06')).toBe(0.85);
    expect(quality.cachedModels).toBe(MODEL_QUALITY_CACHE_SIZE);
  });

  it('forgets cached scores when an override changes them', () => {
    const quality = new ModelQuality();
    expect(quality.of('my-finetune')).toBe(0.5);
    quality.set('my-*', 0.8);
    expect(quality.of('my-finetune')).toBe(0.8);
    expect(quality.of('gpt-4o-mini')).toBe(0.65);
  });
});
