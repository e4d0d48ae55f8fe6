const TRY_AGAIN = /try again in\s+((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)/i;
const RETRY_AFTER_SECONDS = /retry after\s+(\d+(?:\.\d+)?)\s*seconds?/i;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * Reads the wait a provider wrote into its message: OpenAI's "Please try again in 1.146s" / "in 6m0s" /
 * "in 20ms", or Azure's "Please retry after 6 seconds". Returns ms, or undefined.
 *
 * @example
 * retryHintMs('Rate limit reached … Please try again in 1.146s. Visit …'); // 1146
 */
export function retryHintMs(message: string): number | undefined {
  const match = TRY_AGAIN.exec(message);
  if (match?.[1]) {
    let total = 0;
    for (const part of match[1].matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
      total += Number(part[1]) * (UNIT_MS[part[2] as string] as number);
    }
    return Math.round(total);
  }
  const azure = RETRY_AFTER_SECONDS.exec(message);
  return azure?.[1] ? Math.round(Number(azure[1]) * 1000) : undefined;
}
