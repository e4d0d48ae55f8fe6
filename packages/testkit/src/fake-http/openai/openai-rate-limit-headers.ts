import type { LimitsSnapshot, WindowSnapshot } from '../../limits/hidden-limits.js';
import { formatGoDuration } from './go-duration-format.js';
import type { OpenAIFakeFlavor } from './openai-fake-options.js';

function resetText(window: WindowSnapshot, flavor: OpenAIFakeFlavor): string {
  if (flavor !== 'azure') return formatGoDuration(window.resetMs);
  return window.resetMs > 0 ? String(Math.ceil(window.resetMs / 1000)) : '-1';
}

function put(
  headers: Record<string, string>,
  kind: 'requests' | 'tokens',
  window: WindowSnapshot | undefined,
  flavor: OpenAIFakeFlavor,
): void {
  if (!window) return;
  headers[`x-ratelimit-limit-${kind}`] = String(window.limit);
  headers[`x-ratelimit-remaining-${kind}`] = String(window.remaining);
  headers[`x-ratelimit-reset-${kind}`] = resetText(window, flavor);
}

/**
 * The `x-ratelimit-*` headers a key's limits produce. OpenAI and Azure report the per-minute windows; Groq
 * reports the per-day request window under the same `*-requests` names.
 *
 * @example
 * openAIRateLimitHeaders(limits.snapshot(), 'openai')['x-ratelimit-reset-requests']; // '6m0s'
 */
export function openAIRateLimitHeaders(
  snapshot: LimitsSnapshot,
  flavor: OpenAIFakeFlavor,
): Record<string, string> {
  const headers: Record<string, string> = {};
  put(headers, 'requests', flavor === 'groq' ? snapshot.requestsPerDay : snapshot.requests, flavor);
  put(headers, 'tokens', snapshot.tokens, flavor);
  return headers;
}
