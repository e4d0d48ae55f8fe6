import { describe, expect, it } from 'vitest';
import { retryHintMs } from './retry-hint.js';
import { scrubSecret } from './scrub-secret.js';

const KEY = 'sk-proj-AbCdEfGhIjKlMnOp1234';

describe('scrubSecret', () => {
  it.each([
    [`key ${KEY} is wrong`, 'key [redacted] is wrong'],
    [`"${KEY}"`, '"[redacted]"'],
    ['Incorrect API key provided: sk-proj-***************1234.', 'Incorrect API key provided: [redacted].'],
    [`fragment ${KEY.slice(0, 12)} shown`, 'fragment [redacted] shown'],
    [`tail ${KEY.slice(-10)}!`, 'tail [redacted]!'],
    ['short bits like sk- or 1234 stay', 'short bits like sk- or 1234 stay'],
    ['nothing to hide', 'nothing to hide'],
  ])('%s', (input, expected) => {
    expect(scrubSecret(input, KEY)).toBe(expected);
  });

  it('still removes masked echoes without a key', () => {
    expect(scrubSecret('key sk-ab****wxyz bad', undefined)).toBe('key [redacted] bad');
    expect(scrubSecret('plain', '')).toBe('plain');
  });
});

describe('retryHintMs', () => {
  it.each([
    ['Please try again in 1.146s. Visit', 1146],
    ['Please try again in 20ms.', 20],
    ['Please try again in 6m0s.', 360_000],
    ['Please try again in 1h2m3.5s.', 3_723_500],
    ['Please retry after 6 seconds.', 6000],
    ['Please retry after 1 second.', 1000],
    ['no hint here', undefined],
  ])('%s → %s', (message, expected) => {
    expect(retryHintMs(message)).toBe(expected);
  });
});
