import { describe, expect, it } from 'vitest';
import { modelCandidates, modelMatches } from './model-candidates.js';

describe('modelCandidates', () => {
  it('goes from the id as written to the undated base, lower case', () => {
    expect(modelCandidates('OpenAI/GPT-4o-2024-08-06')).toEqual([
      'openai/gpt-4o-2024-08-06',
      'gpt-4o-2024-08-06',
      'openai/gpt-4o',
      'gpt-4o',
    ]);
    expect(modelCandidates('claude-3-5-haiku-20241022')).toEqual([
      'claude-3-5-haiku-20241022',
      'claude-3-5-haiku',
    ]);
    expect(modelCandidates('claude-3-5-haiku-latest')).toEqual([
      'claude-3-5-haiku-latest',
      'claude-3-5-haiku',
    ]);
  });

  it('keeps four-digit versions and ids that merely contain digits', () => {
    expect(modelCandidates('mistral-large-2411')).toEqual(['mistral-large-2411']);
    expect(modelCandidates('gpt-4o-mini')).toEqual(['gpt-4o-mini']);
  });
});

describe('modelMatches', () => {
  it('lets a base model budget cover snapshots and provider-prefixed forms', () => {
    expect(modelMatches('gpt-4o', 'gpt-4o-2024-08-06')).toBe(true);
    expect(modelMatches('gpt-4o', 'openai/gpt-4o')).toBe(true);
    expect(modelMatches('openai/gpt-4o', 'gpt-4o', 'openai')).toBe(true);
  });

  it('does not match other models or the other direction', () => {
    expect(modelMatches('gpt-4o', 'gpt-4o-mini')).toBe(false);
    expect(modelMatches('gpt-4o-2024-08-06', 'gpt-4o')).toBe(false);
    expect(modelMatches('openai/gpt-4o', 'gpt-4o', 'azure')).toBe(false);
  });
});
