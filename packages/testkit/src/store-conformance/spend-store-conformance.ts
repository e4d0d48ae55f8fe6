import type { BudgetRecord, SpendLine, SpendSeries, SpendStore } from '@apikeyrouter/core/store';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { type MakeStores, T0, withStores } from './store-set.js';

const HOUR = 3_600_000;
const SERIES: SpendSeries[] = [
  { dimension: 'global', id: '*' },
  { dimension: 'key', id: 'k1' },
  { dimension: 'model', id: 'gpt-4o-mini' },
];

function budget(id: string, limit: string): BudgetRecord {
  return {
    id,
    scope: 'global',
    limit,
    period: 'day',
    enforcementMode: 'hard',
    thresholds: [0.5, 1],
    createdAt: T0,
  };
}

function line(budgetId: string, limit?: string, strict?: boolean): SpendLine {
  return {
    budgetId,
    countFrom: T0,
    bucketStart: T0,
    ...(limit === undefined ? {} : { limit }),
    ...(strict ? { strict } : {}),
  };
}

function reserve(
  spend: SpendStore,
  id: string,
  amount: string,
  lines: SpendLine[],
  at = T0,
  expiresAt = at + HOUR,
) {
  return spend.reserve({ reservationId: id, amount, lines, series: SERIES, at, expiresAt });
}

/** Exact decimal equality, whatever notation the store writes ('1', '1.00'). */
function same(actual: string | undefined, expected: string): boolean {
  return actual !== undefined && new Decimal(actual).equals(expected);
}

/**
 * The {@link SpendStore} part of the conformance suite.
 *
 * @example
 * describeSpendStore(make);
 */
export function describeSpendStore(make: MakeStores): void {
  describe('SpendStore', () => {
    it('stores budget records exactly and answers the replica reads after its own writes', () =>
      withStores(make, async ({ spend }) => {
        const record: BudgetRecord = {
          ...budget('b1', '12.50'),
          period: { rollingMs: HOUR },
          name: 'team',
          downgradeTo: ['m'],
        };
        await spend.putBudget(record);
        expect(spend.getBudget('b1')).toEqual(record);
        expect(spend.listBudgets().map((b) => b.id)).toEqual(['b1']);
        expect(same(spend.totals('b1', T0).spent, '0') && same(spend.totals('b1', T0).reserved, '0')).toBe(
          true,
        );
        expect(await spend.removeBudget('b1')).toBe(true);
        expect(await spend.removeBudget('b1')).toBe(false);
        expect(spend.getBudget('b1')).toBeUndefined();
      }));

    it('a hard line is never exceeded by 200 concurrent reserves, and spend is exact', () =>
      withStores(make, async ({ spend }) => {
        await spend.putBudget(budget('b', '1'));
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, i) => reserve(spend, `r${i}`, '0.1', [line('b', '1')])),
        );
        const granted = results.flatMap((result, i) => (result.ok ? [`r${i}`] : []));
        expect(granted).toHaveLength(10);
        expect(same(spend.totals('b', T0).reserved, '1')).toBe(true);
        for (const id of granted) {
          const spent = await spend.commit({
            reservationId: id,
            actual: '0.1',
            lines: [line('b')],
            at: T0 + 1,
          });
          expect(spent?.b).toBeDefined();
        }
        expect(same(spend.totals('b', T0).spent, '1')).toBe(true);
        expect(same(spend.totals('b', T0).reserved, '0')).toBe(true);
        expect(await reserve(spend, 'over', '0.000001', [line('b', '1')])).toMatchObject({ ok: false });
      }));

    it('holds on every line or none, reporting the lines that did not fit; strict lines need room below', () =>
      withStores(make, async ({ spend }) => {
        await spend.putBudget(budget('a', '1'));
        await spend.putBudget(budget('b', '0.5'));
        const refused = await reserve(spend, 'r1', '0.6', [line('a', '1'), line('b', '0.5')]);
        expect(refused.ok).toBe(false);
        expect('stale' in refused).toBe(false);
        if (!refused.ok && 'failed' in refused) {
          expect(refused.failed.map((f) => f.budgetId)).toEqual(['b']);
          expect(same(refused.failed[0]?.spent, '0') && same(refused.failed[0]?.reserved, '0')).toBe(true);
        }
        expect(same(spend.totals('a', T0).reserved, '0')).toBe(true);
        expect((await reserve(spend, 'r2', '0.5', [line('a', '1'), line('b', '0.5')])).ok).toBe(true);
        expect((await reserve(spend, 'r3', '0', [line('b', '0.5', true)])).ok).toBe(false);
        expect((await reserve(spend, 'r4', '0', [line('a', '1', true)])).ok).toBe(true);
      }));

    it('commit and release act exactly once, also when raced', () =>
      withStores(make, async ({ spend }) => {
        await spend.putBudget(budget('b', '10'));
        expect((await reserve(spend, 'r', '2', [line('b', '10')])).ok).toBe(true);
        const commits = await Promise.all(
          Array.from({ length: 20 }, () =>
            spend.commit({ reservationId: 'r', actual: '1.5', lines: [line('b')], at: T0 }),
          ),
        );
        expect(commits.filter((c) => c !== undefined)).toHaveLength(1);
        expect(await spend.release('r', T0)).toBe(false);
        expect(same(spend.totals('b', T0).spent, '1.5') && same(spend.totals('b', T0).reserved, '0')).toBe(
          true,
        );
        expect((await reserve(spend, 'q', '2', [line('b', '10')])).ok).toBe(true);
        const releases = await Promise.all(Array.from({ length: 10 }, () => spend.release('q', T0)));
        expect(releases.filter(Boolean)).toHaveLength(1);
        expect(
          await spend.commit({ reservationId: 'q', actual: '2', lines: [line('b')], at: T0 }),
        ).toBeUndefined();
        expect(same(spend.totals('b', T0).spent, '1.5')).toBe(true);
      }));

    it('an expired hold is gone: it frees the budget, and settling it later changes nothing', () =>
      withStores(make, async ({ spend }) => {
        await spend.putBudget(budget('b', '1'));
        expect((await reserve(spend, 'r', '1', [line('b', '1')], T0, T0 + 1_000)).ok).toBe(true);
        expect((await reserve(spend, 'x', '0.5', [line('b', '1')], T0 + 999)).ok).toBe(false);
        expect((await reserve(spend, 'y', '0.5', [line('b', '1')], T0 + 1_000)).ok).toBe(true);
        expect(
          await spend.commit({ reservationId: 'r', actual: '1', lines: [line('b')], at: T0 + 1_001 }),
        ).toBeUndefined();
        expect(await spend.release('r', T0 + 1_002)).toBe(false);
        expect(same(spend.totals('b', T0).spent, '0') && same(spend.totals('b', T0).reserved, '0.5')).toBe(
          true,
        );
      }));

    it('a removed budget lets go of its live holds: one recreated with the same id starts from zero', () =>
      withStores(make, async ({ spend }) => {
        await spend.putBudget(budget('b', '1'));
        expect(await reserve(spend, 'old', '0.4', [line('b', '1')])).toEqual({ ok: true });
        expect(await spend.removeBudget('b')).toBe(true);
        await spend.putBudget(budget('b', '1'));
        expect(same(spend.totals('b', T0).reserved, '0')).toBe(true);
        // Settling the old hold must not touch the new budget (no negative reservation, no foreign spend).
        expect(await spend.release('old', T0)).toBe(true);
        expect(same(spend.totals('b', T0).reserved, '0')).toBe(true);
        expect(await reserve(spend, 'new', '1', [line('b', '1')])).toEqual({ ok: true });
        expect(await reserve(spend, 'over', '0.01', [line('b', '1')])).toMatchObject({ ok: false });
      }));

    it('claims each threshold once per budget and window, also when raced', () =>
      withStores(make, async ({ spend }) => {
        await spend.putBudget(budget('b', '10'));
        const claims = await Promise.all(
          Array.from({ length: 20 }, () => spend.claimThresholds('b', 'day:2026-01-01', [0.5], false)),
        );
        expect(claims.filter((fresh) => fresh.length > 0)).toEqual([[0.5]]);
        expect(await spend.claimThresholds('b', 'day:2026-01-01', [0.5, 1], false)).toEqual([1]);
        expect(await spend.claimThresholds('b', 'day:2026-01-02', [0.5], false)).toEqual([0.5]);
        expect(await spend.claimThresholds('b', 'rolling', [0.5], true)).toEqual([0.5]);
        expect(await spend.claimThresholds('b', 'rolling', [], true)).toEqual([]);
        expect(await spend.claimThresholds('b', 'rolling', [0.5], true)).toEqual([0.5]);
        await spend.resetThresholds('b');
        expect(await spend.claimThresholds('b', 'rolling', [0.5], false)).toEqual([0.5]);
        expect(await spend.claimThresholds('missing', 'w', [1], false)).toEqual([]);
      }));

    it('records committed spend per series and hour, exactly', () =>
      withStores(make, async ({ spend }) => {
        for (let i = 0; i < 10; i++) {
          expect((await reserve(spend, `r${i}`, '0.1', [], T0 + i * 60_000)).ok).toBe(true);
          await spend.commit({ reservationId: `r${i}`, actual: '0.1', lines: [], at: T0 + i * 60_000 });
        }
        expect((await reserve(spend, 'later', '0.2', [], T0 + 2 * HOUR)).ok).toBe(true);
        await spend.commit({ reservationId: 'later', actual: '0.2', lines: [], at: T0 + 2 * HOUR });
        const hour = await spend.spendBetween({ dimension: 'key', id: 'k1' }, T0, T0 + HOUR);
        expect(same(hour.total, '1') && hour.requests === 10).toBe(true);
        const all = await spend.spendBetween({ dimension: 'global', id: '*' }, T0, T0 + 3 * HOUR);
        expect(same(all.total, '1.2') && all.requests === 11).toBe(true);
        expect(await spend.seriesIds('model')).toEqual(['gpt-4o-mini']);
      }));
  });
}
