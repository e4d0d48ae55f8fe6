import { MemoryQuotaStore, type QuotaStore, VirtualClock } from '@apikeyrouter/core';
import type { QuotaLimits, QuotaStoreSnapshot } from '@apikeyrouter/core/store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const T0 = 1_767_225_600_000;
const KEYS = ['key-a', 'key-b'];

type Step =
  | { kind: 'advance'; ms: number }
  | { kind: 'reserve'; key: number; id: number; amount: number; limits: QuotaLimits; ttl: number }
  | { kind: 'commit'; key: number; id: number; amount: number }
  | { kind: 'release'; key: number; id: number }
  | { kind: 'snapshot'; key: number };

// Time moves by milliseconds, seconds, past a bucket edge, a whole window, or a long idle gap (full rescan).
const advance = fc.oneof(
  fc.integer({ min: 0, max: 1_500 }),
  fc.integer({ min: 55_000, max: 70_000 }),
  fc.constantFrom(200_000, 900_000, 7_200_000, 90_000_000),
);
const limits: fc.Arbitrary<QuotaLimits> = fc.record(
  {
    requests_per_minute: fc.integer({ min: 1, max: 8 }),
    tokens_per_minute: fc.integer({ min: 50, max: 2_000 }),
    requests_per_day: fc.integer({ min: 2, max: 30 }),
    concurrency: fc.integer({ min: 1, max: 5 }),
  },
  { requiredKeys: [] },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  advance.map((ms) => ({ kind: 'advance' as const, ms })),
  fc.record({
    kind: fc.constant('reserve' as const),
    key: fc.nat(1),
    id: fc.nat(12),
    amount: fc.integer({ min: 0, max: 400 }),
    limits,
    ttl: fc.oneof(fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 30_000, max: 200_000 })),
  }),
  fc.record({ kind: fc.constant('commit' as const), key: fc.nat(1), id: fc.nat(12), amount: fc.nat(500) }),
  fc.record({ kind: fc.constant('release' as const), key: fc.nat(1), id: fc.nat(12) }),
  fc.record({ kind: fc.constant('snapshot' as const), key: fc.nat(1) }),
);

/** What a snapshot says about counters, with "nothing stored" read as zeros (stores may forget idle keys). */
function counters(
  snapshot: QuotaStoreSnapshot | undefined,
): Pick<QuotaStoreSnapshot, 'used' | 'held'> | 'empty' {
  if (snapshot === undefined) return 'empty';
  const all = [...Object.values(snapshot.used), ...Object.values(snapshot.held)];
  return all.every((value) => value === 0) ? 'empty' : { used: snapshot.used, held: snapshot.held };
}

async function apply(store: QuotaStore, s: Step, now: number): Promise<unknown> {
  const keyId = KEYS[s.kind === 'advance' ? 0 : s.key] as string;
  switch (s.kind) {
    case 'advance':
      return undefined;
    case 'reserve':
      return store.reserve({
        keyId,
        reservationId: `r${s.id}`,
        amounts: { requests: 1, inputTokens: s.amount, outputTokens: s.amount >> 1 },
        limits: s.limits,
        now,
        expiresAt: now + s.ttl,
      });
    case 'commit':
      return store.commit({
        keyId,
        reservationId: `r${s.id}`,
        actual: { requests: 1, inputTokens: s.amount, outputTokens: 7 },
        now,
      });
    case 'release':
      return store.release({ keyId, reservationId: `r${s.id}`, now });
    case 'snapshot':
      return counters(await store.snapshot(keyId, now));
  }
}

describe('RedisQuotaStore against the in-memory store (the reference semantics)', () => {
  it('answers every reserve, commit, release and snapshot the same, across bucket edges, expiries and idle gaps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 80 }), async (steps) => {
        const clock = new VirtualClock({ start: T0 });
        const { quota } = await redis.stores({ clock });
        const memory = new MemoryQuotaStore();
        let now = T0;
        for (const s of steps) {
          if (s.kind === 'advance') {
            now += s.ms;
            await clock.advance(s.ms);
            continue;
          }
          const expected = await apply(memory, s, now);
          expect(await apply(quota, s, now), JSON.stringify(s)).toEqual(expected);
        }
        for (const key of [0, 1]) {
          const s: Step = { kind: 'snapshot', key };
          expect(await apply(quota, s, now)).toEqual(await apply(memory, s, now));
        }
      }),
      { numRuns: 80 },
    );
  }, 60_000);
});
