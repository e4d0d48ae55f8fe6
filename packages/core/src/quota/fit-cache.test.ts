import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { MemoryQuotaStore } from '../store/memory-quota-store.js';
import { QuotaAwarenessEngine } from './quota-awareness-engine.js';
import type { QuotaCheck, QuotaReservation } from './quota-types.js';

const SIZES = [
  { inputTokens: 20, outputTokens: 50 },
  { inputTokens: 400, outputTokens: 300 },
];
const KEYS = ['a', 'b', 'c'];

/** One thing that changes what a check reads, through the engine's public API. */
const op = fc.oneof(
  fc.record({ kind: fc.constant('reserve' as const), key: fc.nat(2), size: fc.nat(1) }),
  fc.record({
    kind: fc.constant('settle' as const),
    pick: fc.nat(),
    commit: fc.boolean(),
    tokens: fc.integer({ min: 0, max: 900 }),
  }),
  fc.record({
    kind: fc.constant('observe' as const),
    key: fc.nat(2),
    limit: fc.integer({ min: 1, max: 6 }),
    remaining: fc.integer({ min: 0, max: 6 }),
    resetInMs: fc.integer({ min: 1, max: 90_000 }),
    retryAfterMs: fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('tooLarge' as const),
    key: fc.nat(2),
    limit: fc.integer({ min: 100, max: 2_000 }),
  }),
  fc.record({
    kind: fc.constant('declare' as const),
    key: fc.nat(2),
    rpm: fc.option(fc.integer({ min: 1, max: 5 })),
  }),
  fc.record({ kind: fc.constant('group' as const), key: fc.nat(2), into: fc.boolean() }),
  // Sub-second steps stay inside a window bucket; longer ones cross bucket boundaries and whole windows.
  fc.record({
    kind: fc.constant('wait' as const),
    ms: fc.oneof(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1_000, max: 70_000 })),
  }),
);

function engineWith(store: boolean) {
  const clock = new VirtualClock({ autoAdvance: false });
  const engine = new QuotaAwarenessEngine({ clock, ...(store ? { store: new MemoryQuotaStore() } : {}) });
  engine.groups.setLimits('org-a', { rpm: 4, tpm: 3_000 });
  engine.registerKey('a', { rpm: 3 });
  engine.registerKey('b', { tpm: 2_000 });
  engine.registerKey('c');
  return { clock, engine };
}

describe('remembered fit checks', () => {
  it('property: a check answered from the memo equals a fresh one, after any sequence of changes and waits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), fc.boolean(), async (ops, store) => {
        const { clock, engine } = engineWith(store);
        const held: QuotaReservation[] = [];
        const size = SIZES[0] as (typeof SIZES)[0];
        const other = SIZES[1] as (typeof SIZES)[1];
        for (const step of ops) {
          const key = KEYS['key' in step ? step.key : 0] as string;
          if (step.kind === 'reserve') {
            const result = await engine.reserve(key, SIZES[step.size] as (typeof SIZES)[0]);
            if (result.ok) held.push(result.reservation);
          } else if (step.kind === 'settle') {
            const reservation = held.splice(step.pick % Math.max(1, held.length), 1)[0];
            if (reservation && step.commit)
              await engine.commit(reservation, {
                inputTokens: step.tokens,
                outputTokens: step.tokens,
                totalTokens: 2 * step.tokens,
              });
            else if (reservation)
              await engine.release(reservation, { reachedProvider: step.tokens % 2 === 0 });
          } else if (step.kind === 'observe') {
            engine.observe(key, {
              dimensions: [
                {
                  dimension: 'requests_per_minute',
                  limit: step.limit,
                  remaining: Math.min(step.remaining, step.limit),
                  resetAt: clock.now() + step.resetInMs,
                },
              ],
              ...(step.retryAfterMs === undefined ? {} : { retryAfterMs: step.retryAfterMs }),
            });
          } else if (step.kind === 'tooLarge') {
            engine.markTooLarge(key, 'tokens_per_minute', step.limit);
          } else if (step.kind === 'declare') {
            engine.setDeclaredLimits(key, step.rpm === null ? {} : { rpm: step.rpm });
          } else if (step.kind === 'group') {
            engine.groups.assign(key, step.into ? 'org-a' : undefined);
          } else {
            await clock.advance(step.ms);
          }
          for (const id of KEYS) {
            // The first check may come from the memo of an earlier step; asking for another size in between
            // replaces the memo, so the last one is computed afresh.
            const remembered: QuotaCheck = engine.check(id, size);
            engine.check(id, other);
            expect(remembered, `${id} after ${step.kind}`).toEqual(engine.check(id, size));
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('answers a repeated check of an unchanged key with the same object, and a changed key afresh', async () => {
    const { clock, engine } = engineWith(false);
    const size = { inputTokens: 20, outputTokens: 50 };
    const first = engine.check('a', size);
    expect(first).toEqual({ fits: true, headroom: 2 / 3 });
    expect(engine.check('a', size)).toBe(first);
    // Shared by every caller while it holds: frozen, so no caller can alter what the others read.
    expect(Object.isFrozen(first)).toBe(true);
    const held = await engine.reserve('a', size);
    expect(held.ok).toBe(true);
    expect(engine.check('a', size)).toEqual({ fits: true, headroom: 1 / 3 });
    if (held.ok)
      await engine.commit(held.reservation, { inputTokens: 20, outputTokens: 50, totalTokens: 70 });
    const used = engine.check('a', size);
    expect(used).toEqual({ fits: true, headroom: 1 / 3 });
    // The request leaves the minute window: the memo must not outlive the bucket boundaries it spans.
    await clock.advance(125_000);
    expect(engine.check('a', size)).toEqual({ fits: true, headroom: 2 / 3 });
  });
});
