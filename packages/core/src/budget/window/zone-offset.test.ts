import { describe, expect, it } from 'vitest';
import { instantOfWallClock, isValidTimeZone, wallClockAt, zoneOffsetAt } from './zone-offset.js';

const HOUR = 3_600_000;

describe('zone offsets from Intl', () => {
  it('knows IANA zones and rejects unknown ones', () => {
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('gives summer and winter offsets', () => {
    expect(zoneOffsetAt('America/New_York', Date.UTC(2026, 0, 15))).toBe(-5 * HOUR);
    expect(zoneOffsetAt('America/New_York', Date.UTC(2026, 6, 15))).toBe(-4 * HOUR);
    expect(zoneOffsetAt('Asia/Kolkata', Date.UTC(2026, 6, 15))).toBe(5.5 * HOUR);
    expect(zoneOffsetAt('UTC', Date.UTC(2026, 6, 15))).toBe(0);
  });

  it('reads the wall clock, midnight as hour 0', () => {
    expect(wallClockAt('Asia/Tokyo', Date.UTC(2026, 0, 1, 15))).toEqual({
      year: 2026,
      month: 1,
      day: 2,
      hour: 0,
      minute: 0,
      second: 0,
    });
  });

  it('maps wall times back to instants, first occurrence when clocks go back', () => {
    expect(instantOfWallClock('Europe/Berlin', Date.UTC(2026, 0, 1))).toBe(Date.UTC(2025, 11, 31, 23));
    // 2026-11-01 01:30 happens twice in New York: 05:30Z (EDT), then 06:30Z (EST).
    expect(instantOfWallClock('America/New_York', Date.UTC(2026, 10, 1, 1, 30))).toBe(
      Date.UTC(2026, 10, 1, 5, 30),
    );
  });

  it('maps a wall time skipped by clocks going forward to the jump', () => {
    // 2026-03-08 02:00 does not exist in New York; clocks jump from 02:00 EST (07:00Z) to 03:00 EDT.
    expect(instantOfWallClock('America/New_York', Date.UTC(2026, 2, 8, 2))).toBe(Date.UTC(2026, 2, 8, 7));
  });
});
