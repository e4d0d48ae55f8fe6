import type { BudgetPeriod } from '../budget-types.js';
import { instantOfWallClock, wallClockAt } from './zone-offset.js';

/**
 * Earliest instant a JavaScript Date can hold; the start of `'total'` windows.
 *
 * @example
 * budgetWindow('total', 'UTC', now).countFrom === BEGINNING_OF_TIME; // true
 */
export const BEGINNING_OF_TIME = -8_640_000_000_000_000;

/** Buckets a rolling window is cut into; spend leaves the window one bucket at a time. */
const ROLLING_BUCKETS = 100;

// Why a cache: Intl zone arithmetic costs ~100 µs per window and `check` runs per routing candidate, while a
// calendar window stays the same until it ends. One entry per (period, zone), bounded.
const calendarCache = new Map<string, { start: number; end: number }>();
const CALENDAR_CACHE_LIMIT = 512;

/**
 * Where a budget's current window lies, and which bucket new spend goes to.
 * - `calendar`: `[start, end)` in the budget's zone; one bucket, starting at `start`.
 * - `rolling`: the last `rollingMs`; spend is kept in buckets of `rollingMs / 100`, and a bucket counts as long
 *   as any part of it is inside the window, so the window may over-count (never under-count) by one bucket.
 * - `total`: everything since the budget was created.
 *
 * @example
 * const { start, end } = budgetWindow('month', 'Europe/Berlin', clock.now());
 */
export interface BudgetWindow {
  /** Window kind. @example 'calendar' */
  kind: 'calendar' | 'rolling' | 'total';
  /** Spend in buckets starting at or after this instant is in the window. @example 1767225600000 */
  countFrom: number;
  /** Bucket that spend committed now belongs to. @example 1767225600000 */
  bucketStart: number;
  /** Start reported to callers (calendar start, or now - rollingMs); undefined for `'total'`. @example 1767225600000 */
  start?: number;
  /** Calendar windows: the instant the window resets. @example 1767312000000 */
  end?: number;
  /** Identifies the window for once-per-window threshold events. @example '1767225600000' */
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
    const cacheKey = `${period}|${timeZone}`;
    const cached = calendarCache.get(cacheKey);
    if (cached && cached.start <= now && now < cached.end) {
      ({ start, end } = cached);
    } else {
      const [startWall, endWall] = calendarWallBounds(period, timeZone, now);
      start = instantOfWallClock(timeZone, startWall);
      end = instantOfWallClock(timeZone, endWall);
      if (calendarCache.size >= CALENDAR_CACHE_LIMIT) calendarCache.clear();
      calendarCache.set(cacheKey, { start, end });
    }
  }
  return { kind: 'calendar', countFrom: start, bucketStart: start, start, end, key: String(start) };
}
