import type { BudgetPeriod } from '../budget-types.js';
import { instantOfWallClock, wallClockAt } from './zone-offset.js';

/** Earliest instant a JavaScript Date can hold; the start of `'total'` windows. */
export const BEGINNING_OF_TIME = -8_640_000_000_000_000;

/** Buckets a rolling window is cut into; spend leaves the window one bucket at a time. */
const ROLLING_BUCKETS = 100;

/**
 * Where a budget's current window lies, and which bucket new spend goes to.
 * - `calendar`: `[start, end)` in the budget's zone; one bucket, starting at `start`.
 * - `rolling`: the last `rollingMs`; spend is kept in buckets of `rollingMs / 100`, and a bucket counts as long
 *   as any part of it is inside the window, so the window may over-count (never under-count) by one bucket.
 * - `total`: everything since the budget was created.
 */
export interface BudgetWindow {
  /** Window kind. */
  kind: 'calendar' | 'rolling' | 'total';
  /** Spend in buckets starting at or after this instant is in the window. */
  countFrom: number;
  /** Bucket that spend committed now belongs to. */
  bucketStart: number;
  /** Start reported to callers (calendar start, or now - rollingMs); undefined for `'total'`. */
  start?: number;
  /** Calendar windows: the instant the window resets. */
  end?: number;
  /** Identifies the window for once-per-window threshold events. */
  key: string;
}

function calendarWallBounds(period: 'hour' | 'day' | 'week' | 'month', timeZone: string, now: number) {
  const w = wallClockAt(timeZone, now);
  const month = w.month - 1;
  switch (period) {
    case 'hour':
      return [Date.UTC(w.year, month, w.day, w.hour), Date.UTC(w.year, month, w.day, w.hour + 1)] as const;
    case 'day':
      return [Date.UTC(w.year, month, w.day), Date.UTC(w.year, month, w.day + 1)] as const;
    case 'week': {
      // ISO 8601: weeks start on Monday; getUTCDay() counts from Sunday = 0.
      const sinceMonday = (new Date(Date.UTC(w.year, month, w.day)).getUTCDay() + 6) % 7;
      return [
        Date.UTC(w.year, month, w.day - sinceMonday),
        Date.UTC(w.year, month, w.day - sinceMonday + 7),
      ] as const;
    }
    case 'month':
      return [Date.UTC(w.year, month, 1), Date.UTC(w.year, month + 1, 1)] as const;
  }
}

/**
 * The window of a budget with `period` in `timeZone` at instant `now`.
 *
 * @example
 * budgetWindow('day', 'Europe/Berlin', Date.UTC(2026, 0, 1, 12)); // start Date.UTC(2025, 11, 31, 23), end +24 h
 */
export function budgetWindow(period: BudgetPeriod, timeZone: string, now: number): BudgetWindow {
  if (period === 'total') {
    return { kind: 'total', countFrom: BEGINNING_OF_TIME, bucketStart: BEGINNING_OF_TIME, key: 'total' };
  }
  if (typeof period === 'object') {
    const bucketMs = Math.max(1, Math.ceil(period.rollingMs / ROLLING_BUCKETS));
    return {
      kind: 'rolling',
      countFrom: Math.floor((now - period.rollingMs) / bucketMs) * bucketMs,
      bucketStart: Math.floor(now / bucketMs) * bucketMs,
      start: now - period.rollingMs,
      key: 'rolling',
    };
  }
  let start: number;
  let end: number;
  if (period === 'minute') {
    // Every zone in use is offset by whole minutes, so minutes are the same instants everywhere.
    start = Math.floor(now / 60_000) * 60_000;
    end = start + 60_000;
  } else {
    const [startWall, endWall] = calendarWallBounds(period, timeZone, now);
    start = instantOfWallClock(timeZone, startWall);
    end = instantOfWallClock(timeZone, endWall);
  }
  return { kind: 'calendar', countFrom: start, bucketStart: start, start, end, key: String(start) };
}
