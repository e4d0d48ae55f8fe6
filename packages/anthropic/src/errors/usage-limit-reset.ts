const REGAIN = /regain access on (\d{4}-\d{2}-\d{2})(?: at (\d{2}:\d{2})(?::(\d{2}))?)? ?(UTC|Z)?/i;

/**
 * Reads when a spend/usage limit ends from Anthropic's "You have reached your specified API usage limits. You
 * will regain access on 2025-08-01 at 00:00 UTC." message, as epoch ms. Undefined when the message has no date.
 *
 * @example
 * usageLimitResetAt('You will regain access on 2025-08-01 at 00:00 UTC.'); // Date.UTC(2025, 7, 1)
 */
export function usageLimitResetAt(message: string): number | undefined {
  const match = REGAIN.exec(message);
  if (!match) return undefined;
  const time = `${match[2] ?? '00:00'}:${match[3] ?? '00'}`;
  const instant = Date.parse(`${match[1]}T${time}Z`);
  return Number.isNaN(instant) ? undefined : instant;
}
