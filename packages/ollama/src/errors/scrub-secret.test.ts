import { describe, expect, it } from 'vitest';
import { scrubSecret } from './scrub-secret.js';

describe('scrubSecret', () => {
  const key = 'sk-canary-0123456789abcdef';

  it('removes every exact occurrence', () => {
    expect(scrubSecret(`a ${key} b ${key}`, key)).toBe('a [redacted] b [redacted]');
  });

  it('removes masked echoes made of the key prefix and suffix', () => {
    expect(scrubSecret('Incorrect API key provided: sk-can*************cdef.', key)).toBe(
      'Incorrect API key provided: [redacted].',
    );
  });

  it('leaves text alone for empty keys and treats regex characters literally', () => {
    expect(scrubSecret('nothing here', '')).toBe('nothing here');
    expect(scrubSecret('a+b.c a+b.c', 'a+b.c')).toBe('[redacted] [redacted]');
    expect(scrubSecret('key (x)*[y]$1234 here', '(x)*[y]$1234')).toBe('key [redacted] here');
  });
});
