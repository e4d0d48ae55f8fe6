import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateWindow } from './rate-window.js';
import { hashKey, VirtualKeyStore } from './virtual-key-store.js';

describe('VirtualKeyStore', () => {
  it('authenticates by hash only and never keeps the material', () => {
    const material = 'akr-unit-secret-0123456789';
    const store = new VirtualKeyStore([
      { name: 'a', key: material },
      { name: 'b', keyHash: hashKey('akr-other-secret-0123456789') },
    ]);
    expect(store.authenticate(material)?.name).toBe('a');
    expect(store.authenticate('akr-other-secret-0123456789')?.name).toBe('b');
    expect(store.authenticate(`${material}x`)).toBeUndefined();
    expect(store.authenticate(undefined)).toBeUndefined();
    expect(store.authenticate('')).toBeUndefined();
    expect(JSON.stringify(store.all())).not.toContain(material);
  });

  it('rejects every other string', () => {
    const store = new VirtualKeyStore([{ name: 'a', key: 'akr-unit-secret-0123456789' }]);
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (candidate) => {
        if (candidate !== 'akr-unit-secret-0123456789') expect(store.authenticate(candidate)).toBeUndefined();
      }),
    );
  });
});

describe('RateWindow', () => {
  it('admits rpm requests in any 60 s and says when the next fits', () => {
    const window = new RateWindow(3);
    expect(window.admit(0).ok).toBe(true);
    expect(window.admit(10_000).ok).toBe(true);
    expect(window.admit(20_000).ok).toBe(true);
    expect(window.admit(30_000)).toEqual({ ok: false, retryAfterMs: 30_000 });
    expect(window.admit(60_000).ok).toBe(true);
    expect(window.admit(61_000)).toEqual({ ok: false, retryAfterMs: 9_000 });
  });

  it('never admits more than rpm within any minute', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 200 }),
        (rpm, gaps) => {
          const window = new RateWindow(rpm);
          const admitted: number[] = [];
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            if (window.admit(now).ok) admitted.push(now);
          }
          for (let i = rpm; i < admitted.length; i++) {
            expect((admitted[i] ?? 0) - (admitted[i - rpm] ?? 0)).toBeGreaterThanOrEqual(60_000);
          }
        },
      ),
    );
  });
});
