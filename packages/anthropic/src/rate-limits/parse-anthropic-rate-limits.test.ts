import { describe, expect, it } from 'vitest';
import { parseAnthropicRateLimits, readResetInstant, resetWaitMs } from './parse-anthropic-rate-limits.js';

const NOW = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('parseAnthropicRateLimits', () => {
  it('maps every header family to its dimension with absolute resets', () => {
    const headers = new Headers({
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '49',
      'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:01Z',
      'anthropic-ratelimit-tokens-limit': '90000',
      'anthropic-ratelimit-tokens-remaining': '89000',
      'anthropic-ratelimit-tokens-reset': '2026-01-01T00:00:30.5Z',
      'anthropic-ratelimit-input-tokens-limit': '80000',
      'anthropic-ratelimit-input-tokens-remaining': '79000',
      'anthropic-ratelimit-input-tokens-reset': '2026-01-01T01:00:00+01:00',
      'anthropic-ratelimit-output-tokens-limit': '16000',
      'anthropic-ratelimit-output-tokens-remaining': '16000',
      'anthropic-ratelimit-output-tokens-reset': '2026-01-01T00:00:02Z',
    });
    expect(parseAnthropicRateLimits(headers, NOW)).toEqual({
      dimensions: [
        { dimension: 'requests_per_minute', limit: 50, remaining: 49, resetAt: NOW + 1000 },
        { dimension: 'tokens_per_minute', limit: 90000, remaining: 89000, resetAt: NOW + 30_500 },
        { dimension: 'input_tokens_per_minute', limit: 80000, remaining: 79000, resetAt: NOW },
        { dimension: 'output_tokens_per_minute', limit: 16000, remaining: 16000, resetAt: NOW + 2000 },
      ],
    });
  });

  it.each([
    ['no headers', {}, { dimensions: [] }],
    [
      'a partial family',
      { 'anthropic-ratelimit-requests-remaining': '0' },
      { dimensions: [{ dimension: 'requests_per_minute', remaining: 0 }] },
    ],
    [
      'garbage values are skipped',
      {
        'anthropic-ratelimit-tokens-limit': 'lots',
        'anthropic-ratelimit-tokens-remaining': '-5',
        'anthropic-ratelimit-tokens-reset': 'soon',
      },
      { dimensions: [] },
    ],
    [
      'unknown families, fields and priority headers are ignored',
      {
        'anthropic-ratelimit-widgets-limit': '5',
        'anthropic-ratelimit-requests-burst': '9',
        'anthropic-priority-input-tokens-limit': '100',
        'anthropic-ratelimit-': 'x',
      },
      { dimensions: [] },
    ],
    ['retry-after seconds', { 'retry-after': '7' }, { dimensions: [], retryAfterMs: 7000 }],
    [
      'retry-after-ms wins',
      { 'retry-after': '7', 'retry-after-ms': '1500' },
      { dimensions: [], retryAfterMs: 1500 },
    ],
    [
      'retry-after as an HTTP date',
      { 'retry-after': new Date(NOW + 4000).toUTCString() },
      { dimensions: [], retryAfterMs: 4000 },
    ],
  ])('%s', (_name, headers, expected) => {
    expect(parseAnthropicRateLimits(new Headers(headers as Record<string, string>), NOW)).toEqual(expected);
  });
});

describe('readResetInstant', () => {
  it.each([
    ['2026-01-01T00:00:05Z', NOW + 5000],
    ['3', NOW + 3000],
    ['', undefined],
    [null, undefined],
    ['tomorrow', undefined],
  ])('%s', (value, expected) => {
    expect(readResetInstant(value, NOW)).toBe(expected);
  });
});

describe('resetWaitMs', () => {
  it('waits until every exhausted dimension has reset', () => {
    const observation = {
      dimensions: [
        { dimension: 'requests_per_minute' as const, remaining: 0, resetAt: NOW + 2000 },
        { dimension: 'tokens_per_minute' as const, remaining: 0, resetAt: NOW + 9000 },
        { dimension: 'output_tokens_per_minute' as const, remaining: 10, resetAt: NOW + 60_000 },
      ],
    };
    expect(resetWaitMs(observation, NOW)).toBe(9000);
    expect(resetWaitMs({ dimensions: [] }, NOW)).toBeUndefined();
    expect(
      resetWaitMs(
        { dimensions: [{ dimension: 'requests_per_minute', remaining: 0, resetAt: NOW - 5 }] },
        NOW,
      ),
    ).toBe(0);
  });
});
