import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecretScrubber, scrubSecret } from './secret-scrubber.js';

const KEY = 'sk-proj-AbCdEfGhIjKlMnOp1234';

describe('SecretScrubber', () => {
  it.each([
    ['exact', `key ${KEY} is wrong`, 'key [redacted] is wrong'],
    ['quoted', `"${KEY}"`, '"[redacted]"'],
    ['URL-encoded', `k=${encodeURIComponent('a/b+c=d_0123456789')}`, 'k=[redacted]'],
    ['?key= query', 'GET /v1/models?key=anything-at-all&x=1', 'GET /v1/models?key=[redacted]&x=1'],
    [
      'masked stars',
      'Incorrect API key provided: sk-proj-***************1234.',
      'Incorrect API key provided: [redacted].',
    ],
    ['masked dots', 'key sk-...1234 rejected', 'key [redacted] rejected'],
    ['masked ellipsis', 'key sk-proj…1234 rejected', 'key [redacted] rejected'],
    ['20-char prefix inside a token', `api_key=${KEY.slice(0, 20)}`, 'api_key=[redacted]'],
    ['fragment glued to other text', `xx${KEY.slice(4, 16)}yy`, '[redacted]'],
    ['upper-case variant', `bad ${KEY.toUpperCase()}`, 'bad [redacted]'],
    ['fragment after non-ASCII text', `é€ ${KEY.slice(6, 18)} ü`, 'é€ [redacted] ü'],
    // U+212A (Kelvin sign) lower-cases to an ASCII k: the fragment still matches.
    [
      'non-ASCII that lower-cases to ASCII',
      `x ${KEY.slice(0, 12).replace('k', '\u212A')} y`,
      'x [redacted] y',
    ],
    ['short bits stay', 'short bits like sk- or 1234 stay', 'short bits like sk- or 1234 stay'],
    ['unrelated text stays', 'Loading... please wait', 'Loading... please wait'],
  ])('%s', (_name, input, expected) => {
    const secret = _name === 'URL-encoded' ? 'a/b+c=d_0123456789' : KEY;
    expect(new SecretScrubber([secret]).scrub(input)).toBe(expected);
  });

  it('bound scrubs like scrub, also after the secrets change', () => {
    const scrubber = new SecretScrubber([KEY]);
    const text = `id ${KEY.slice(3, 15)}`;
    expect(scrubber.bound(text)).toBe(scrubber.scrub(text));
    expect(scrubber.bound(text)).toBe('id [redacted]');
    expect(scrubber.bound('gpt-4o-mini')).toBe('gpt-4o-mini');
    // A secret added later is honoured by the memo (it starts over when the secrets change).
    scrubber.add('gpt-4o-mini-secret');
    expect(scrubber.bound('gpt-4o-mini-secret')).toBe('[redacted]');
    scrubber.delete(KEY);
    expect(scrubber.bound(text)).toBe(text);
  });

  it('serves many keys at once and forgets deleted ones', () => {
    const scrubber = new SecretScrubber();
    const keys = Array.from(
      { length: 1000 },
      (_, i) => `sk-live-${i.toString(36).padStart(6, '0')}-zzqx${i}`,
    );
    for (const key of keys) scrubber.add(key);
    expect(scrubber.scrub(`one ${keys[500]} two`)).toBe('one [redacted] two');
    scrubber.delete(keys[500] as string);
    expect(scrubber.scrub(`${keys[500]?.slice(-9)}`)).toBe(`${keys[500]?.slice(-9)}`);
  });

  it('never leaves an 8-character piece of the key in any text that contains it', () => {
    fc.assert(
      fc.property(
        fc.string({
          minLength: 12,
          maxLength: 40,
          unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_'),
        }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        fc.nat(),
        (key, before, after, at) => {
          const start = at % (key.length - 7);
          const piece = key.slice(start, start + 8 + (at % 4));
          const out = scrubSecret(`${before}${piece}${after}`, key);
          expect(out.toLowerCase()).not.toContain(piece.toLowerCase().slice(0, 8));
        },
      ),
    );
  });
});
