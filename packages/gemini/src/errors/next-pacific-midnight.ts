const ZONE = 'America/Los_Angeles';
let formatter: Intl.DateTimeFormat | undefined;

function pacificParts(instant: number): { year: number; month: number; day: number; offsetMs: number } {
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const fields: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return { year, month, day, offsetMs: wall - Math.floor(instant / 1000) * 1000 };
}

/**
 * The next midnight in US Pacific time (America/Los_Angeles, DST-aware) strictly after `now`, as epoch ms.
 * Gemini's per-day quotas reset at midnight Pacific, so this is when a key that hit a `PerDay` quota is
 * usable again. Falls back to UTC−8 if the runtime has no time-zone data.
 *
 * @example
 * nextPacificMidnight(Date.UTC(2026, 0, 1, 0, 0)); // Date.UTC(2026, 0, 1, 8, 0) — 00:00 PST on Jan 1
 */
export function nextPacificMidnight(now: number): number {
  try {
    const today = pacificParts(now);
    const guess = Date.UTC(today.year, today.month - 1, today.day + 1) - today.offsetMs;
    // The offset at the target midnight may differ from now's when DST changes in between.
    const atGuess = pacificParts(guess);
    return Date.UTC(today.year, today.month - 1, today.day + 1) - atGuess.offsetMs;
  } catch {
    const shifted = now - 8 * 3_600_000;
    return Math.floor(shifted / 86_400_000 + 1) * 86_400_000 + 8 * 3_600_000;
  }
}
