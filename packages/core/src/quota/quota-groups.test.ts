import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { RouterError } from '../errors/router-error.js';
import { MemoryQuotaStore } from '../store/memory-quota-store.js';
import { QuotaAwarenessEngine } from './quota-awareness-engine.js';
import type { QuotaReservation, QuotaWarningEvent } from './quota-types.js';

const small = { inputTokens: 100, outputTokens: 100 };
const usage = { inputTokens: 100, outputTokens: 100, totalTokens: 200 };

function grouped(keys: string[], limits = { rpm: 3 }) {
  const clock = new VirtualClock();
  const engine = new QuotaAwarenessEngine({ clock });
  engine.groups.setLimits('org-a', limits);
  for (const key of keys) {
    engine.registerKey(key);
    engine.groups.assign(key, 'org-a');
  }
  return { clock, engine };
}

describe('QuotaAwarenessEngine: quota groups', () => {
  it('a reservation counts against the key and its group; the refusal names the group and when it fits', async () => {
    const { clock, engine } = grouped(['a', 'b']);
    engine.setDeclaredLimits('a', { rpm: 10 });
    const held = [await engine.reserve('a', small), await engine.reserve('b', small)];
    expect(held.map((r) => r.ok)).toEqual([true, true]);
    expect(engine.check('b', small)).toMatchObject({ fits: true, headroom: 0 });
    const third = await engine.reserve('a', small);
    expect(third.ok && third.reservation.quotaGroup).toBe('org-a');
    const refused = engine.check('b', small);
    expect(refused).toMatchObject({ fits: false, dimension: 'requests_per_minute' });
    expect(!refused.fits && refused.detail).toMatch(/^quota group org-a: requests_per_minute: /);
    // In flight: it fits once the oldest reservation is expected to settle, not before now.
    expect(!refused.fits && refused.retryAt).toBeGreaterThan(clock.now());
    const state = await engine.groups.getQuotaState('org-a');
    expect(state).toMatchObject({
      group: 'org-a',
      keyIds: ['a', 'b'],
      inFlight: 3,
      capacityState: 'exhausted',
    });
    for (const result of [...held, third]) if (result.ok) await engine.commit(result.reservation, usage);
    // Committed: the window holds them a minute; retry-after points past it.
    const later = engine.check('a', small);
    expect(later.fits).toBe(false);
    expect(!later.fits && later.retryAt).toBeGreaterThanOrEqual(clock.now() + 60_000);
    expect(engine.nextFitAt('a', small)).toBe(!later.fits ? later.retryAt : undefined);
    await clock.advance(62_000);
    expect(engine.check('a', small).fits).toBe(true);
    const keyState = await engine.getQuotaState('a');
    expect(keyState.quotaGroup).toBe('org-a');
    expect(keyState.dimensions.map((d) => d.name)).toEqual(['requests_per_minute']); // the key's own
  });

  it('rate-limit headers from one key teach the group; a request too large for it is too large for all', async () => {
    const clock = new VirtualClock();
    const engine = new QuotaAwarenessEngine({ clock });
    for (const key of ['a', 'b']) {
      engine.registerKey(key);
      engine.groups.assign(key, 'org-a');
    }
    expect(engine.groups.get('org-a')).toEqual({ name: 'org-a', keyIds: ['a', 'b'] });
    engine.observe('a', {
      dimensions: [
        { dimension: 'tokens_per_minute', limit: 1_000, remaining: 300, resetAt: clock.now() + 30_000 },
      ],
    });
    const group = await engine.groups.getQuotaState('org-a');
    expect(group?.dimensions[0]).toMatchObject({ limit: 1_000, source: 'learned', remaining: 300 });
    // Key b never saw a header but is held to what its account has left.
    expect(engine.check('b', { inputTokens: 200, outputTokens: 200 })).toMatchObject({ fits: false });
    expect(engine.check('b', { inputTokens: 100, outputTokens: 100 })).toMatchObject({ fits: true });
    expect((await engine.getQuotaState('b')).cautious).toBe(false);
    expect(engine.check('b', { inputTokens: 900, outputTokens: 200 })).toMatchObject({
      fits: false,
      dimension: 'too_large',
      detail: expect.stringContaining(
        "quota group org-a: tokens_per_minute: the request needs 1100, more than the group's limit",
      ),
    });
    // A provider block on one key's response stops the whole group.
    engine.observe('a', { dimensions: [], retryAfterMs: 5_000 });
    expect(engine.check('b', small)).toMatchObject({ fits: false, retryAt: clock.now() + 5_000 });
    expect(await engine.getQuotaState('b')).toMatchObject({ blockedUntil: clock.now() + 5_000 });
  });

  it('a group turning critical or exhausted is warned once, on the key whose request did it', async () => {
    const clock = new VirtualClock();
    const warnings: QuotaWarningEvent[] = [];
    const engine = new QuotaAwarenessEngine({ clock, onWarning: (event) => warnings.push(event) });
    engine.groups.setLimits('org-a', { rpm: 10 });
    for (const key of ['a', 'b']) {
      engine.registerKey(key);
      engine.groups.assign(key, 'org-a');
    }
    for (let i = 0; i < 12; i++) await engine.reserve(i % 2 === 0 ? 'a' : 'b', small);
    expect(warnings.map((w) => [w.keyId, w.quotaGroup, w.previous, w.capacityState, w.remaining])).toEqual([
      ['a', 'org-a', 'constrained', 'critical', 1],
      ['b', 'org-a', 'critical', 'exhausted', 0],
    ]);
    expect(await engine.getQuotaState('b')).toMatchObject({
      capacityState: 'exhausted',
      quotaGroup: 'org-a',
    });
  });

  it('removing the last key: an undeclared group is forgotten, a declared one keeps its usage', async () => {
    const { clock, engine } = grouped(['a']);
    engine.registerKey('b');
    engine.groups.assign('b', 'org-b');
    engine.removeKey('b');
    expect(engine.groups.get('org-b')).toBeUndefined();
    expect(await engine.groups.getQuotaState('org-b')).toBeUndefined();
    for (let i = 0; i < 3; i++) {
      const held = await engine.reserve('a', small);
      if (held.ok) await engine.commit(held.reservation, usage);
    }
    engine.removeKey('a');
    expect(engine.groups.get('org-a')).toEqual({ name: 'org-a', limits: { rpm: 3 }, keyIds: [] });
    engine.registerKey('c');
    engine.groups.assign('c', 'org-a');
    expect(engine.check('c', small)).toMatchObject({ fits: false, dimension: 'requests_per_minute' });
    engine.groups.setLimits('org-a', undefined);
    expect(engine.groups.get('org-a')).toEqual({ name: 'org-a', keyIds: ['c'] });
    await clock.advance(62_000);
    expect(engine.check('c', small).fits).toBe(true);
  });

  it('a key moved between groups: in-flight reservations settle in the group they were made in', async () => {
    const { engine } = grouped(['a', 'b']);
    engine.groups.setLimits('org-b', { rpm: 2 });
    const first = await engine.reserve('a', small);
    engine.groups.assign('a', 'org-b');
    expect(engine.groups.of('a')).toBe('org-b');
    expect((await engine.groups.getQuotaState('org-a'))?.inFlight).toBe(1);
    const second = await engine.reserve('a', small);
    expect(second.ok && second.reservation.quotaGroup).toBe('org-b');
    if (first.ok) await engine.commit(first.reservation, usage);
    if (second.ok) await engine.release(second.reservation);
    const a = await engine.groups.getQuotaState('org-a');
    const b = await engine.groups.getQuotaState('org-b');
    expect(a?.dimensions[0]).toMatchObject({ used: 1, reserved: 0 });
    expect(b?.dimensions[0]).toMatchObject({ used: 0, reserved: 0 });
    engine.groups.assign('a', undefined);
    expect(engine.groups.of('a')).toBeUndefined();
    expect(engine.groups.get('org-b')?.keyIds).toEqual([]);
  });

  it('invalid names, limits and unknown keys are validation RouterErrors', () => {
    const { engine } = grouped(['a']);
    const attempts = [
      () => engine.groups.assign('a', 'no spaces'),
      () => engine.groups.assign('a', ''),
      () => engine.groups.assign('missing', 'org-a'),
      () => engine.groups.setLimits('org-a', { rpm: 0 }),
      () => engine.groups.setLimits('org-a', { tpm: Number.POSITIVE_INFINITY }),
      () => engine.groups.setLimits('../etc', { rpm: 1 }),
      () => engine.groups.of('missing'),
    ];
    for (const attempt of attempts) {
      let thrown: unknown;
      try {
        attempt();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(RouterError);
      expect((thrown as RouterError).category).toBe('validation');
    }
    expect(engine.groups.get('org-a')).toEqual({ name: 'org-a', limits: { rpm: 3 }, keyIds: ['a'] });
  });

  it('a group is shared through the store under its own id: two engines never exceed its limit together', async () => {
    const clock = new VirtualClock();
    const store = new MemoryQuotaStore();
    const engines = [0, 1].map(() => new QuotaAwarenessEngine({ clock, store }));
    engines.forEach((engine, i) => {
      engine.registerKey(`k${i}`);
      engine.groups.setLimits('org-a', { rpm: 5 });
      engine.groups.assign(`k${i}`, 'org-a');
    });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (engines[i % 2] as QuotaAwarenessEngine).reserve(`k${i % 2}`, small),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    const snapshot = await store.snapshot('quota-group:org-a', clock.now());
    expect(snapshot?.held.requests_per_minute).toBe(5);
    const refused = results.find((r) => !r.ok);
    expect(!refused?.ok && refused?.check.detail).toMatch(/^quota group org-a: /);
    // A refusal by the group leaves no hold on the key.
    const heldByK0 = results.filter((r, i) => r.ok && i % 2 === 0).length;
    expect((await store.snapshot('k0', clock.now()))?.held.concurrency).toBe(heldByK0);
    for (const [i, result] of results.entries()) {
      if (result.ok) await (engines[i % 2] as QuotaAwarenessEngine).commit(result.reservation, usage);
    }
    expect((await store.snapshot('quota-group:org-a', clock.now()))?.used.requests_per_minute).toBe(5);
  });

  it('property: group reservations never exceed the group limit under random interleavings', async () => {
    const operation = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('reserve' as const),
          key: fc.nat(3),
          tokens: fc.integer({ min: 1, max: 900 }),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constantFrom('commit' as const, 'release' as const),
          pick: fc.nat(),
        }),
      },
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 20_000 }) }),
      fc.record({
        kind: fc.constant('move' as const),
        key: fc.nat(3),
        into: fc.constantFrom('org-a', 'org-b'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 10, maxLength: 80, size: 'max' }),
        fc.boolean(),
        async (operations, shared) => {
          const clock = new VirtualClock();
          const engine = new QuotaAwarenessEngine(
            shared ? { clock, store: new MemoryQuotaStore() } : { clock },
          );
          engine.groups.setLimits('org-a', { rpm: 6, tpm: 3_000, concurrency: 4 });
          engine.groups.setLimits('org-b', { rpm: 4 });
          for (let k = 0; k < 4; k++) {
            engine.registerKey(`k${k}`, k === 0 ? { rpm: 3 } : {});
            engine.groups.assign(`k${k}`, 'org-a');
          }
          const live: QuotaReservation[] = [];
          for (const op of operations) {
            if (op.kind === 'reserve') {
              const result = await engine.reserve(`k${op.key}`, {
                inputTokens: op.tokens,
                outputTokens: 100,
              });
              if (result.ok) live.push(result.reservation);
            } else if (op.kind === 'advance') {
              await clock.advance(op.ms);
            } else if (op.kind === 'move') {
              engine.groups.assign(`k${op.key}`, op.into);
            } else if (live.length > 0) {
              const [reservation] = live.splice(op.pick % live.length, 1) as [QuotaReservation];
              const { inputTokens, outputTokens } = reservation.estimate;
              const actual = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
              if (op.kind === 'commit') await engine.commit(reservation, actual);
              else await engine.release(reservation);
            }
            for (const [name, rpm] of [
              ['org-a', 6],
              ['org-b', 4],
            ] as const) {
              const state = await engine.groups.getQuotaState(name);
              const requests = state?.dimensions.find((d) => d.name === 'requests_per_minute');
              expect((requests?.used ?? 0) + (requests?.reserved ?? 0)).toBeLessThanOrEqual(rpm);
              if (name === 'org-a') {
                const tokens = state?.dimensions.find((d) => d.name === 'tokens_per_minute');
                expect((tokens?.used ?? 0) + (tokens?.reserved ?? 0)).toBeLessThanOrEqual(3_000);
                expect(state?.inFlight ?? 0).toBeLessThanOrEqual(4);
              }
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
