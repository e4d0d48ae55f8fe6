import { describe, expect, it } from 'vitest';
import { parseOpenAIRateLimits, type RateLimitDialect } from './parse-openai-rate-limits.js';

const NOW = 1_767_225_600_000;

describe('parseOpenAIRateLimits', () => {
  it.each<[string, Record<string, string>, RateLimitDialect, unknown]>([
    [
      'OpenAI full set with Go durations',
      {
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '499',
        'x-ratelimit-reset-requests': '120ms',
        'x-ratelimit-limit-tokens': '30000',
        'x-ratelimit-remaining-tokens': '29000',
        'x-ratelimit-reset-tokens': '2m59.56s',
      },
      'openai',
      {
        dimensions: [
          { dimension: 'requests_per_minute', limit: 500, remaining: 499, resetAt: NOW + 120 },
          { dimension: 'tokens_per_minute', limit: 30000, remaining: 29000, resetAt: NOW + 179_560 },
        ],
      },
    ],
    [
      'reset of 6m0s and retry-after',
      { 'x-ratelimit-reset-requests': '6m0s', 'retry-after': '7' },
      'openai',
      { dimensions: [{ dimension: 'requests_per_minute', resetAt: NOW + 360_000 }], retryAfterMs: 7000 },
    ],
    [
      'retry-after-ms wins over retry-after',
      { 'retry-after-ms': '1500', 'retry-after': '7' },
      'openai',
      { dimensions: [], retryAfterMs: 1500 },
    ],
    [
      'Groq: requests per day, tokens per minute',
      {
        'x-ratelimit-limit-requests': '14400',
        'x-ratelimit-remaining-requests': '14370',
        'x-ratelimit-reset-requests': '2m59.56s',
        'x-ratelimit-limit-tokens': '18000',
        'x-ratelimit-remaining-tokens': '17997',
        'x-ratelimit-reset-tokens': '7.66s',
      },
      'groq',
      {
        dimensions: [
          { dimension: 'requests_per_day', limit: 14400, remaining: 14370, resetAt: NOW + 179_560 },
          { dimension: 'tokens_per_minute', limit: 18000, remaining: 17997, resetAt: NOW + 7660 },
        ],
      },
    ],
    [
      'Azure integer seconds, -1 ignored',
      {
        'x-ratelimit-remaining-requests': '99',
        'x-ratelimit-reset-requests': '-1',
        'x-ratelimit-remaining-tokens': '9000',
        'x-ratelimit-reset-tokens': '10',
      },
      'azure',
      {
        dimensions: [
          { dimension: 'requests_per_minute', remaining: 99 },
          { dimension: 'tokens_per_minute', remaining: 9000, resetAt: NOW + 10_000 },
        ],
      },
    ],
    [
      'Mistral size headers when no token headers',
      {
        'x-ratelimitbysize-limit-minute': '500000',
        'x-ratelimitbysize-remaining-minute': '499000',
        'x-ratelimitbysize-limit-month': '1000000000',
      },
      'openai',
      { dimensions: [{ dimension: 'tokens_per_minute', limit: 500000, remaining: 499000 }] },
    ],
    [
      'garbage values are skipped, never thrown',
      {
        'x-ratelimit-limit-requests': 'lots',
        'x-ratelimit-remaining-requests': '-3',
        'x-ratelimit-reset-requests': 'soon',
        'x-ratelimit-limit-tokens': '',
        'retry-after': 'later',
      },
      'openai',
      { dimensions: [] },
    ],
    ['no headers at all', {}, 'openai', { dimensions: [] }],
  ])('%s', (_name, headers, dialect, expected) => {
    expect(parseOpenAIRateLimits(new Headers(headers), NOW, dialect)).toEqual(expected);
  });
});
