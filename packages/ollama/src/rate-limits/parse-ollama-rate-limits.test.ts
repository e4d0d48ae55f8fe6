import { describe, expect, it } from 'vitest';
import { parseOllamaRateLimits } from './parse-ollama-rate-limits.js';

const NOW = Date.UTC(2026, 0, 1);

describe('parseOllamaRateLimits', () => {
  it.each<[string, Record<string, string>, object]>([
    ['no headers (plain Ollama)', {}, { dimensions: [] }],
    ['ignores other providers headers', { 'x-ratelimit-remaining-requests': '5' }, { dimensions: [] }],
    ['retry-after seconds', { 'retry-after': '2' }, { dimensions: [], retryAfterMs: 2000 }],
    [
      'retry-after-ms wins',
      { 'retry-after-ms': '150', 'retry-after': '2' },
      { dimensions: [], retryAfterMs: 150 },
    ],
    [
      'retry-after HTTP date',
      { 'retry-after': new Date(NOW + 30_000).toUTCString() },
      { dimensions: [], retryAfterMs: 30_000 },
    ],
    ['garbage retry-after', { 'retry-after': 'soon' }, { dimensions: [] }],
    ['negative retry-after', { 'retry-after': '-1' }, { dimensions: [] }],
  ])('%s', (_name, headers, expected) => {
    expect(parseOllamaRateLimits(new Headers(headers), NOW)).toEqual(expected);
  });
});
