import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scrubData } from './scrub-data.js';
import { SecretScrubber } from './secret-scrubber.js';

const KEY = 'sk-live-5f0c2a9e71b84d36';
const scrub = new SecretScrubber([KEY]).bound;

describe('scrubData', () => {
  it('returns the very same value when nothing holds a secret', () => {
    const body = { id: 'x', choices: [{ text: 'hello', n: [1, 2] }], nested: { ok: true, none: null } };
    expect(scrubData(body, scrub)).toBe(body);
    expect(scrubData('plain', scrub)).toBe('plain');
    expect(scrubData(42, scrub)).toBe(42);
  });

  it('copies only the path to a changed string and shares the rest', () => {
    const untouched = { deep: ['a', 'b'] };
    const body = { keep: untouched, list: ['ok', `echo ${KEY}`, 3], [KEY]: 'as a key' };
    const clean = scrubData(body, scrub) as Record<string, unknown>;
    expect(clean).not.toBe(body);
    expect(clean.keep).toBe(untouched);
    expect(clean.list).toEqual(['ok', 'echo [redacted]', 3]);
    expect(Object.keys(clean)).toEqual(['keep', 'list', '[redacted]']);
    // The input is left as it was.
    expect(body.list[1]).toBe(`echo ${KEY}`);
  });

  it('cuts cycles and deep nesting, and survives throwing getters', () => {
    const cyclic: Record<string, unknown> = { name: KEY };
    cyclic.self = cyclic;
    expect(scrubData(cyclic, scrub)).toEqual({ name: '[redacted]', self: '[too deep]' });
    let deep: unknown = KEY;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(JSON.stringify(scrubData(deep, scrub))).not.toContain(KEY);
    const hostile = {
      get boom(): string {
        throw new Error(KEY);
      },
    };
    expect(scrubData(hostile, scrub)).toEqual({});
  });

  it('never lets the key out of any JSON value (property)', () => {
    const withKey = fc.oneof(fc.string(), fc.constant(KEY), fc.constant(`x${KEY.slice(2, 14)}y`));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        withKey,
        fc.integer(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(withKey, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const text = JSON.stringify(scrubData(value, scrub));
        expect(text.toLowerCase()).not.toContain(KEY.slice(8, 16).toLowerCase());
      }),
    );
  });
});
