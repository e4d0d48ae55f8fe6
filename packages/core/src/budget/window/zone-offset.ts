/**
 * Wall-clock fields of an instant in a time zone.
 *
 * @example
 * const wall: WallClock = { year: 2026, month: 1, day: 2, hour: 0, minute: 0, second: 0 };
 */
export interface WallClock {
  /** @example 2026 */
  year: number;
  /** 1-12. @example 1 */
  month: number;
  /** 1-31. @example 2 */
  day: number;
  /** 0-23. @example 0 */
  hour: number;
  /** @example 0 */
  minute: number;
  /** @example 0 */
  second: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23, not hour12: false, because some engines print midnight as "24" with the latter.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Whether `timeZone` is an IANA zone this runtime knows (or `UTC`).
 *
 * @example
 * isValidTimeZone('Europe/Berlin'); // true
 * isValidTimeZone('Mars/Olympus'); // false
 */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall clock in `timeZone` at `instant`, computed with `Intl.DateTimeFormat` (no time-zone library).
 *
 * @example
 * wallClockAt('Asia/Tokyo', Date.UTC(2026, 0, 1)); // { year: 2026, month: 1, day: 1, hour: 9, minute: 0, second: 0 }
 */
export function wallClockAt(timeZone: string, instant: number): WallClock {
  if (timeZone === 'UTC') {
    const date = new Date(instant);
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
    };
  }
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 1970,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

/**
 * Offset of `timeZone` from UTC at `instant`, in ms (positive east of Greenwich).
 *
 * @example
 * zoneOffsetAt('America/New_York', Date.UTC(2026, 6, 1)); // -14_400_000 (EDT)
 */
export function zoneOffsetAt(timeZone: string, instant: number): number {
  if (timeZone === 'UTC') return 0;
  const wall = wallClockAt(timeZone, instant);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows `wallMs` (a wall time written as if it were UTC,
 * e.g. `Date.UTC(2026, 2, 8, 2)`). A wall time that occurs twice (clocks set back) gives the first occurrence;
 * one that never occurs (clocks set forward) gives the instant the clocks jumped, so a period that would start
 * inside the gap starts when the gap ends.
 *
 * @example
 * instantOfWallClock('Europe/Berlin', Date.UTC(2026, 0, 1)); // Date.UTC(2025, 11, 31, 23)
 */
export function instantOfWallClock(timeZone: string, wallMs: number): number {
  if (timeZone === 'UTC') return wallMs;
  // Real zones change offset at most once within a day, so the offsets a day either side bracket it.
  const before = zoneOffsetAt(timeZone, wallMs - DAY_MS);
  const after = zoneOffsetAt(timeZone, wallMs + DAY_MS);
  const candidates = [wallMs - before, wallMs - after].sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (candidate + zoneOffsetAt(timeZone, candidate) === wallMs) return candidate;
  }
  // A gap: `wallMs - min(offset)` is the transition instant when the wall time is the gap's start, which is
  // where calendar periods begin, and otherwise the instant just as far past the transition.
  return wallMs - Math.min(before, after);
}
