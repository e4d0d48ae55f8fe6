import type { QuotaDimension } from '@apikeyrouter/core';
import type { QuotaLimits, QuotaReserveRequest } from '@apikeyrouter/core/store';
import { QUOTA_DIMENSIONS } from './quota-codec.js';

type WindowedLimit = Exclude<QuotaDimension, 'concurrency'>;

/** The windowed limits, in the order Redis reports the room left under each (see QUOTA_RESERVE). */
export const WINDOWED_LIMITS = QUOTA_DIMENSIONS.slice(0, 6) as readonly WindowedLimit[];

/** Per windowed limit, what was left under it once a lease was held (absent: no limit, or not reported). */
export type QuotaRoom = Partial<Record<WindowedLimit, number>>;

/**
 * Whether a lease granted under `granted`, with `room` left under each limit once it was held, may admit a
 * request whose caller now passes `now`. The limits a caller passes move with usage only the provider has seen
 * (rate-limit headers, other replicas' traffic among it), so they drift down with every answer. A drop no larger
 * than the room left at the grant still fits what Redis counted then — the lease would have been granted under
 * the new limit too — so the lease follows it; a larger drop, or a limit that appeared since, stops it and the
 * next request asks Redis under the new limits.
 *
 * @example
 * limitsHold({ requests_per_minute: 600 }, { requests_per_minute: 500 }, { requests_per_minute: 550 }); // true
 */
export function limitsHold(granted: QuotaLimits, room: QuotaRoom, now: QuotaLimits): boolean {
  for (const name of WINDOWED_LIMITS) {
    const current = now[name];
    if (current === undefined) continue;
    const before = granted[name];
    if (before === undefined || current < before - (room[name] ?? 0)) return false;
  }
  return true;
}

/**
 * Requests a lease of `size` requests shaped like `request` may cover, so that it holds at most `maxShare` of
 * any of its limits.
 *
 * @example
 * cappedSize(256, request, 1 / 16); // 37 for a 600 rpm key
 */
export function cappedSize(size: number, request: QuotaReserveRequest, maxShare: number): number {
  const { requests, inputTokens, outputTokens } = request.amounts;
  const { limits } = request;
  const wants: Array<[number | undefined, number]> = [
    [limits.requests_per_minute, requests],
    [limits.requests_per_day, requests],
    [limits.tokens_per_minute, inputTokens + outputTokens],
    [limits.tokens_per_day, inputTokens + outputTokens],
    [limits.input_tokens_per_minute, inputTokens],
    [limits.output_tokens_per_minute, outputTokens],
  ];
  let capped = size;
  for (const [limit, want] of wants) {
    if (limit === undefined || want <= 0) continue;
    capped = Math.min(capped, Math.floor((limit * maxShare) / want));
  }
  return capped;
}
