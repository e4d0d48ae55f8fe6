import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { CONTEXT, setup } from './budget.test-helpers.js';

const Exact = Decimal.clone({ precision: 100 });

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const yieldTimes = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

describe('200 concurrent reserve → commit cycles', () => {
  it.each([1, 2, 3])(
    'never exceed a hard limit and commit spend to the last decimal (seed %i)',
    async (seed) => {
      const rand = random(seed);
      const { costs, ledger } = setup();
      const global = await costs.createBudget({
        scope: 'global',
        limit: '10',
        period: 'day',
        enforcementMode: 'hard',
      });
      const perKey = await costs.createBudget({
        scope: 'key',
        scopeId: 'key-a',
        limit: '6',
        period: 'day',
        enforcementMode: 'hard',
      });
      const limits = new Map([
        [global.id, global.limit],
        [perKey.id, perKey.limit],
      ]);
      let committed = new Exact(0);
      let committedOnA = new Exact(0);
      let refused = 0;
      let violations = 0;

      const assertInvariant = async () => {
        for (const [id, limit] of limits) {
          const status = await costs.getBudgetStatus(id);
          if (status.spent.plus(status.reserved).greaterThan(limit) || status.spent.greaterThan(limit))
            violations++;
        }
      };

      await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const keyId = i % 2 === 0 ? 'key-a' : 'key-b';
          const maxCost = new Decimal(Math.floor(10_000 + rand() * 190_000)).dividedBy(1_000_000); // 0.01 … 0.2
          await yieldTimes(Math.floor(rand() * 3));
          const held = await costs.reserve({ ...CONTEXT, keyId }, maxCost);
          if (!held.ok) {
            refused++;
            return;
          }
          await assertInvariant();
          await yieldTimes(Math.floor(rand() * 4));
          // Actual cost ≤ reserved, with more decimals than the reservation.
          const actual = new Decimal(
            new Exact(maxCost).times(Math.floor(rand() * 1_000_000_000)).dividedBy(1_000_000_000),
          );
          if (rand() < 0.1) {
            await costs.release(held.reservation);
          } else {
            await costs.commit(held.reservation, actual);
            committed = committed.plus(actual);
            if (keyId === 'key-a') committedOnA = committedOnA.plus(actual);
          }
          await assertInvariant();
        }),
      );

      const globalStatus = await costs.getBudgetStatus(global.id);
      const keyStatus = await costs.getBudgetStatus(perKey.id);
      expect(violations).toBe(0);
      expect(refused).toBeGreaterThan(0);
      expect(globalStatus.spent.toString()).toBe(committed.toString());
      expect(keyStatus.spent.toString()).toBe(committedOnA.toString());
      expect(globalStatus.spent.lessThanOrEqualTo(global.limit)).toBe(true);
      expect(keyStatus.spent.lessThanOrEqualTo(perKey.limit)).toBe(true);
      expect([globalStatus.reserved, keyStatus.reserved]).toEqual([new Decimal(0), new Decimal(0)]);
      expect(ledger.openReservations).toBe(0);
      expect((await costs.getSpend({ scope: 'global' })).total.toString()).toBe(committed.toString());
    },
  );
});
