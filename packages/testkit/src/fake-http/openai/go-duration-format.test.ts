import { parseGoDuration } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import { formatGoDuration } from './go-duration-format.js';

describe('formatGoDuration', () => {
  it.each([
    [0, '0s'],
    [-5, '0s'],
    [12, '12ms'],
    [0.5, '0.5ms'],
    [1146, '1.146s'],
    [360_000, '6m0s'],
    [179_560, '2m59.56s'],
    [3_723_500, '1h2m3.5s'],
    [3_600_000, '1h0m0s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });

  it('round-trips through the parser the adapters use', () => {
    for (const ms of [1, 999, 1000, 59_999, 61_000, 86_400_000]) {
      expect(parseGoDuration(formatGoDuration(ms))).toBe(ms);
    }
  });
});
