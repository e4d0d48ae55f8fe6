import type { LimitsSnapshot, WindowSnapshot } from '../../limits/hidden-limits.js';

/**
 * An RFC 3339 instant with whole seconds, rounded up, as Anthropic sends in `anthropic-ratelimit-*-reset`.
 *
 * @example
 * rfc3339Seconds(Date.UTC(2026, 0, 1, 0, 0, 0, 200)); // '2026-01-01T00:00:01Z'
 */
export function rfc3339Seconds(instant: number): string {
  return new Date(Math.ceil(instant / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function family(name: string, window: WindowSnapshot, now: number): Record<string, string> {
  return {
    [`anthropic-ratelimit-${name}-limit`]: String(window.limit),
    [`anthropic-ratelimit-${name}-remaining`]: String(Math.max(0, Math.floor(window.remaining))),
    [`anthropic-ratelimit-${name}-reset`]: rfc3339Seconds(now + window.resetMs),
  };
}

/**
 * Anthropic rate-limit headers for a key's limits: `requests-*` from the per-minute request window and
 * `tokens-*` from the per-minute token window (the fake's keys have one combined token limit, which is what
 * Anthropic's `tokens-*` reports: the most restrictive token limit). Daily limits have no Anthropic header.
 *
 * @example
 * anthropicRateLimitHeaders({ requests: { limit: 50, remaining: 49, resetMs: 1200 } }, now);
 * // { 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '49', … }
 */
export function anthropicRateLimitHeaders(snapshot: LimitsSnapshot, now: number): Record<string, string> {
  return {
    ...(snapshot.requests ? family('requests', snapshot.requests, now) : {}),
    ...(snapshot.tokens ? family('tokens', snapshot.tokens, now) : {}),
  };
}
