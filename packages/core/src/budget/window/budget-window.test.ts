import { describe, expect, it } from 'vitest';
import { BEGINNING_OF_TIME, budgetWindow } from './budget-window.js';
import { wallClockAt } from './zone-offset.js';

const HOUR = 3_600_000;

describe('calendar windows in UTC', () => {
  it('aligns months and rolls over at the month end', () => {
    const jan = budgetWindow('month', 'UTC', Date.UTC(2026, 0, 31, 23, 59, 59, 999));
    expect([jan.start, jan.end]).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2026, 1, 1)]);
    const feb = budgetWindow('month', 'UTC', Date.UTC(2026, 1, 1));
    expect([feb.start, feb.end]).toEqual([Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1)]);
    expect(feb.key).not.toBe(jan.key);
  });

  it('starts ISO weeks on Monday (2026-01-01 is a Thursday)', () => {
    const sunday = budgetWindow('week', 'UTC', Date.UTC(2026, 0, 4, 23, 59));
    expect([sunday.start, sunday.end]).toEqual([Date.UTC(2025, 11, 29), Date.UTC(2026, 0, 5)]);
    const monday = budgetWindow('week', 'UTC', Date.UTC(2026, 0, 5));
    expect(monday.start).toBe(Date.UTC(2026, 0, 5));
    const thursday = budgetWindow('week', 'UTC', Date.UTC(2026, 0, 1, 12));
    expect(thursday.start).toBe(Date.UTC(2025, 11, 29));
  });

  it('aligns minutes, hours and days', () => {
    const now = Date.UTC(2026, 4, 17, 13, 45, 30, 250);
    expect(budgetWindow('minute', 'UTC', now).start).toBe(Date.UTC(2026, 4, 17, 13, 45));
    expect(budgetWindow('hour', 'UTC', now).end).toBe(Date.UTC(2026, 4, 17, 14));
    expect(budgetWindow('day', 'UTC', now).start).toBe(Date.UTC(2026, 4, 17));
  });
});

describe('calendar windows in a time zone', () => {
  it('ends a Los Angeles month at local midnight, not UTC midnight', () => {
    // 2026-02-01T05:00Z is still Jan 31, 21:00 in Los Angeles (PST, UTC-8).
    const w = budgetWindow('month', 'America/Los_Angeles', Date.UTC(2026, 1, 1, 5));
    expect([w.start, w.end]).toEqual([Date.UTC(2026, 0, 1, 8), Date.UTC(2026, 1, 1, 8)]);
  });

  it('starts the week on a Tokyo Monday while UTC is still on Sunday', () => {
    const w = budgetWindow('week', 'Asia/Tokyo', Date.UTC(2026, 0, 4, 15));
    expect(w.start).toBe(Date.UTC(2026, 0, 4, 15));
    expect(w.end).toBe(Date.UTC(2026, 0, 11, 15));
  });

  it('has 23-hour and 25-hour days across New York DST changes', () => {
    const spring = budgetWindow('day', 'America/New_York', Date.UTC(2026, 2, 8, 12));
    expect([spring.start, spring.end]).toEqual([Date.UTC(2026, 2, 8, 5), Date.UTC(2026, 2, 9, 4)]);
    const fall = budgetWindow('day', 'America/New_York', Date.UTC(2026, 10, 1, 12));
    expect((fall.end ?? 0) - (fall.start ?? 0)).toBe(25 * HOUR);
  });

  it('keeps a week that contains a DST change 167 hours long', () => {
    const w = budgetWindow('week', 'America/New_York', Date.UTC(2026, 2, 8, 12));
    expect([w.start, w.end]).toEqual([Date.UTC(2026, 2, 2, 5), Date.UTC(2026, 2, 9, 4)]);
  });

  it('treats an hour that occurs twice as one two-hour window', () => {
    // Second 01:30 in New York on 2026-11-01 is 06:30Z.
    const w = budgetWindow('hour', 'America/New_York', Date.UTC(2026, 10, 1, 6, 30));
    expect([w.start, w.end]).toEqual([Date.UTC(2026, 10, 1, 5), Date.UTC(2026, 10, 1, 7)]);
  });

  it('starts the hour after a skipped hour at the jump (Berlin, 2026-03-29)', () => {
    const before = budgetWindow('hour', 'Europe/Berlin', Date.UTC(2026, 2, 29, 0, 30)); // 01:30 CET
    expect([before.start, before.end]).toEqual([Date.UTC(2026, 2, 29, 0), Date.UTC(2026, 2, 29, 1)]);
    const after = budgetWindow('hour', 'Europe/Berlin', Date.UTC(2026, 2, 29, 1, 30)); // 03:30 CEST
    expect(after.start).toBe(Date.UTC(2026, 2, 29, 1));
  });

  it('starts a day whose midnight is skipped at the jump (Santiago spring-forward)', () => {
    // Chile moves clocks from 00:00 to 01:00 on the first Sunday of September; find that day by property.
    const now = Date.UTC(2026, 8, 6, 16);
    const w = budgetWindow('day', 'America/Santiago', now);
    const start = w.start ?? 0;
    expect(wallClockAt('America/Santiago', start).day).toBe(wallClockAt('America/Santiago', now).day);
    expect(wallClockAt('America/Santiago', start - 1).day).not.toBe(wallClockAt('America/Santiago', now).day);
    expect(wallClockAt('America/Santiago', w.end ?? 0)).toMatchObject({ hour: 0, minute: 0 });
    expect((w.end ?? 0) - start).toBe(23 * HOUR);
  });

  it('keeps minutes on UTC minute boundaries in half-hour zones', () => {
    const w = budgetWindow('minute', 'Asia/Kolkata', Date.UTC(2026, 0, 1, 0, 0, 59));
    expect([w.start, w.end]).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1, 0, 1)]);
  });
});

describe('rolling and total windows', () => {
  it('counts whole buckets reaching back at least rollingMs', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0, 123);
    const w = budgetWindow({ rollingMs: HOUR }, 'UTC', now);
    expect(w.kind).toBe('rolling');
    expect(w.start).toBe(now - HOUR);
    expect(w.countFrom).toBeLessThanOrEqual(now - HOUR);
    expect(now - HOUR - w.countFrom).toBeLessThan(HOUR / 100);
    expect(w.bucketStart).toBeLessThanOrEqual(now);
    expect(w.end).toBeUndefined();
  });

  it('never resets a total window', () => {
    const w = budgetWindow('total', 'UTC', Date.UTC(2030, 0, 1));
    expect(w).toMatchObject({ kind: 'total', countFrom: BEGINNING_OF_TIME, key: 'total' });
    expect(w.start).toBeUndefined();
  });
});
