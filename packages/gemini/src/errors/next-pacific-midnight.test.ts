import { describe, expect, it } from 'vitest';
import { nextPacificMidnight } from './next-pacific-midnight.js';

describe('nextPacificMidnight', () => {
  const cases: Array<[string, number, number]> = [
    ['winter (PST, UTC−8)', Date.UTC(2026, 0, 1, 0, 0), Date.UTC(2026, 0, 1, 8, 0)],
    ['winter, after Pacific midnight', Date.UTC(2026, 0, 1, 9, 30), Date.UTC(2026, 0, 2, 8, 0)],
    ['summer (PDT, UTC−7)', Date.UTC(2026, 6, 1, 12, 0), Date.UTC(2026, 6, 2, 7, 0)],
    ['exactly at Pacific midnight → the next one', Date.UTC(2026, 6, 2, 7, 0), Date.UTC(2026, 6, 3, 7, 0)],
    [
      'on the day DST starts (PST now, PDT at midnight)',
      Date.UTC(2026, 2, 8, 9, 0),
      Date.UTC(2026, 2, 9, 7, 0),
    ],
    [
      'on the day DST ends (PDT now, PST at midnight)',
      Date.UTC(2026, 10, 1, 8, 0),
      Date.UTC(2026, 10, 2, 8, 0),
    ],
    ['the last second before midnight', Date.UTC(2026, 0, 2, 7, 59, 59, 999), Date.UTC(2026, 0, 2, 8, 0)],
  ];
  it.each(cases)('%s', (_name, now, expected) => {
    expect(nextPacificMidnight(now)).toBe(expected);
  });
});
