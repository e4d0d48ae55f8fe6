import type { PersistedKeyState } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import { type MakeStores, T0, withStores } from './store-set.js';

function state(
  keyId: string,
  version: number,
  overrides: Partial<PersistedKeyState> = {},
): PersistedKeyState {
  return {
    keyId,
    providerId: 'openai',
    state: 'throttled',
    context: { consecutiveFailures: 2, openCount: 1, until: T0 + 30_000, reason: 'rate limited (429)' },
    stateSince: T0,
    version,
    history: [
      {
        keyId,
        from: 'available',
        to: 'throttled',
        trigger: 'rate_limit',
        reason: '429',
        at: T0,
        until: T0 + 30_000,
      },
    ],
    ...overrides,
  };
}

/**
 * The {@link KeyStore} part of the conformance suite.
 *
 * @example
 * describeKeyStore(make);
 */
export function describeKeyStore(make: MakeStores): void {
  describe('KeyStore', () => {
    it('creates with expected version 0, round-trips the record exactly, and copies in and out', () =>
      withStores(make, async ({ keys }) => {
        expect(await keys.get('k1')).toBeUndefined();
        const written = state('k1', 1);
        expect(await keys.compareAndSet(written, 0)).toBe(true);
        written.context.reason = 'mutated after write';
        const read = await keys.get('k1');
        expect(read).toEqual(state('k1', 1));
        if (read) read.history.length = 0;
        expect(await keys.get('k1')).toEqual(state('k1', 1));
        expect(JSON.parse(JSON.stringify(await keys.get('k1')))).toEqual(state('k1', 1));
      }));

    it('refuses a write whose expected version is stale, writing nothing', () =>
      withStores(make, async ({ keys }) => {
        expect(await keys.compareAndSet(state('k1', 1), 0)).toBe(true);
        expect(await keys.compareAndSet(state('k1', 1, { state: 'disabled' }), 0)).toBe(false);
        expect(await keys.compareAndSet(state('k1', 3, { state: 'disabled' }), 2)).toBe(false);
        expect((await keys.get('k1'))?.state).toBe('throttled');
        expect(await keys.compareAndSet(state('k1', 2, { state: 'available' }), 1)).toBe(true);
        expect(await keys.get('k1')).toMatchObject({ state: 'available', version: 2 });
      }));

    it('of 50 concurrent writers expecting the same version, exactly one wins', () =>
      withStores(make, async ({ keys }) => {
        expect(await keys.compareAndSet(state('k1', 1), 0)).toBe(true);
        const writers = Array.from({ length: 50 }, (_, i) =>
          keys.compareAndSet(
            state('k1', 2, { context: { consecutiveFailures: i, openCount: 0, reason: `w${i}` } }),
            1,
          ),
        );
        const results = await Promise.all(writers);
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect((await keys.get('k1'))?.context.reason).toBe(`w${winner}`);
      }));

    it('of concurrent creators of one key, exactly one wins', () =>
      withStores(make, async ({ keys }) => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            keys.compareAndSet(state('new', 1, { providerId: `p${i}` }), 0),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      }));

    it('lists every key and forgets deleted ones', () =>
      withStores(make, async ({ keys }) => {
        for (const id of ['a', 'b', 'c']) expect(await keys.compareAndSet(state(id, 1), 0)).toBe(true);
        expect((await keys.list()).map((s) => s.keyId).sort()).toEqual(['a', 'b', 'c']);
        expect(await keys.delete('b')).toBe(true);
        expect(await keys.delete('b')).toBe(false);
        expect(await keys.get('b')).toBeUndefined();
        expect((await keys.list()).map((s) => s.keyId).sort()).toEqual(['a', 'c']);
        // A deleted key starts again from version 0.
        expect(await keys.compareAndSet(state('b', 1), 0)).toBe(true);
      }));
  });
}
