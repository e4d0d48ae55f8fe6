import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { HourlySpend } from './hourly-spend.js';
import { MemorySpendStore } from './memory-spend-store.js';
import type { BudgetRecord } from './spend-store.js';

const HOUR = 3_600_000;
const d = (v: string) => new Decimal(v);
const budget = (id: string, limit = '1'): BudgetRecord => ({
  id,
  scope: 'global',
  limit,
  period: 'total',
  enforcementMode: 'hard',
  createdAt: 0,
});
const line = (budgetId: string, limit?: string) => ({
  budgetId,
  countFrom: 0,
  bucketStart: 0,
  ...(limit === undefined ? {} : { limit }),
});
const keySeries = { dimension: 'key', id: 'k1' } as const;
const series = [keySeries];

describe('MemorySpendStore', () => {
  it('holds on every line or on none', async () => {
    const ledger = new MemorySpendStore();
    await ledger.putBudget(budget('a', '1'));
    await ledger.putBudget(budget('b', '0.5'));
    const refused = await ledger.reserve({
      reservationId: 'r1',
      amount: '0.6',
      lines: [line('a', '1'), line('b', '0.5')],
      series,
      at: 0,
      expiresAt: HOUR,
    });
    expect(refused).toEqual({ ok: false, failed: [{ budgetId: 'b', spent: '0', reserved: '0' }] });
    expect(ledger.totals('a', 0).reserved).toBe('0');
    expect(ledger.openReservations).toBe(0);
    expect(
      await ledger.reserve({
        reservationId: 'r2',
        amount: '0.4',
        lines: [line('a', '1'), line('b', '0.5')],
        series,
        at: 0,
        expiresAt: HOUR,
      }),
    ).toEqual({ ok: true });
    expect(ledger.totals('b', 0).reserved).toBe('0.4');
  });

  it('commits once: the second commit and a later release do nothing', async () => {
    const ledger = new MemorySpendStore();
    await ledger.putBudget(budget('a'));
    await ledger.reserve({
      reservationId: 'r',
      amount: '0.5',
      lines: [line('a', '1')],
      series,
      at: 0,
      expiresAt: HOUR,
    });
    const spent = await ledger.commit({ reservationId: 'r', actual: '0.3', lines: [line('a')], at: 0 });
    expect(spent?.a).toBe('0.3');
    expect(
      await ledger.commit({ reservationId: 'r', actual: '0.3', lines: [line('a')], at: 0 }),
    ).toBeUndefined();
    expect(await ledger.release('r', 0)).toBe(false);
    expect(ledger.totals('a', 0)).toEqual({ spent: '0.3', reserved: '0' });
    expect((await ledger.spendBetween(keySeries, 0, HOUR)).requests).toBe(1);
  });

  it('only spends on budgets the reservation held on', async () => {
    const ledger = new MemorySpendStore();
    await ledger.putBudget(budget('a'));
    await ledger.reserve({
      reservationId: 'r',
      amount: '0.1',
      lines: [line('a')],
      series,
      at: 0,
      expiresAt: HOUR,
    });
    await ledger.putBudget(budget('late'));
    const spent = await ledger.commit({
      reservationId: 'r',
      actual: '0.1',
      lines: [line('a'), line('late')],
      at: 0,
    });
    expect(Object.keys(spent ?? {})).toEqual(['a']);
    expect(ledger.totals('late', 0).spent).toBe('0');
  });

  it('claims each threshold once per window key, and re-arms when asked', async () => {
    const ledger = new MemorySpendStore();
    await ledger.putBudget(budget('a'));
    expect(await ledger.claimThresholds('a', 'w1', [0.5], false)).toEqual([0.5]);
    expect(await ledger.claimThresholds('a', 'w1', [0.5, 0.8], false)).toEqual([0.8]);
    expect(await ledger.claimThresholds('a', 'w2', [0.5], false)).toEqual([0.5]);
    expect(await ledger.claimThresholds('a', 'rolling', [0.5], true)).toEqual([0.5]);
    expect(await ledger.claimThresholds('a', 'rolling', [], true)).toEqual([]);
    expect(await ledger.claimThresholds('a', 'rolling', [0.5], true)).toEqual([0.5]);
    expect(await ledger.claimThresholds('missing', 'w', [1], false)).toEqual([]);
  });
});

describe('HourlySpend', () => {
  it('sums whole UTC hours overlapping the range', () => {
    const hours = new HourlySpend();
    hours.add(series, d('1'), 10 * HOUR + 5);
    hours.add(series, d('2'), 11 * HOUR + 5);
    expect(hours.between(keySeries, 10 * HOUR + 1_000, 11 * HOUR)).toEqual({ total: d('1'), requests: 1 });
    expect(hours.between(keySeries, 0, 12 * HOUR)).toEqual({ total: d('3'), requests: 2 });
    expect(hours.between({ dimension: 'key', id: 'other' }, 0, 12 * HOUR).requests).toBe(0);
  });

  it('stays bounded: old hours pruned, least recently written series dropped', () => {
    const hours = new HourlySpend({ retentionMs: 24 * HOUR, maxSeries: 3 });
    for (let h = 0; h < 24 * 30; h++) hours.add(series, d('0.01'), h * HOUR);
    expect(hours.bucketCount).toBeLessThanOrEqual(25);
    for (let i = 0; i < 10; i++) hours.add([{ dimension: 'tag', id: `user:${i}` }], d('1'), 0);
    expect(hours.ids('tag')).toEqual(['user:7', 'user:8', 'user:9']);
    expect(hours.ids('key')).toEqual([]);
  });
});
