import { formatGoDuration } from '../fake-http/openai/go-duration-format.js';
import type { LimitsSnapshot } from './hidden-limits.js';

/**
 * OpenAI-style `x-ratelimit-*` headers for a key's per-minute windows (requests and tokens).
 *
 * @example
 * openAIStyleRateLimitHeaders(enforcer.snapshot()); // { 'x-ratelimit-limit-requests': '60', … }
 */
export function openAIStyleRateLimitHeaders(snapshot: LimitsSnapshot): Record<string, string> {
  const headers: Record<string, string> = {};
  if (snapshot.requests) {
    headers['x-ratelimit-limit-requests'] = String(snapshot.requests.limit);
    headers['x-ratelimit-remaining-requests'] = String(snapshot.requests.remaining);
    headers['x-ratelimit-reset-requests'] = formatGoDuration(snapshot.requests.resetMs);
  }
  if (snapshot.tokens) {
    headers['x-ratelimit-limit-tokens'] = String(snapshot.tokens.limit);
    headers['x-ratelimit-remaining-tokens'] = String(snapshot.tokens.remaining);
    headers['x-ratelimit-reset-tokens'] = formatGoDuration(snapshot.tokens.resetMs);
  }
  return headers;
}
