import type { QuotaDimension } from '@apikeyrouter/core';
import type { QuotaLimits } from '@apikeyrouter/core/store';

/**
 * Dimension order shared with the Lua scripts (index = position).
 *
 * @example
 * QUOTA_DIMENSIONS[6]; // 'concurrency'
 */
export const QUOTA_DIMENSIONS: readonly QuotaDimension[] = [
  'requests_per_minute',
  'tokens_per_minute',
  'input_tokens_per_minute',
  'output_tokens_per_minute',
  'requests_per_day',
  'tokens_per_day',
  'concurrency',
];

/**
 * Non-negative whole amount, fractions rounded up (a store never under-counts).
 *
 * @example
 * whole(2.1); // 3
 */
export function whole(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.ceil(value) : 0;
}

/**
 * Limits as seven script arguments ('' = unlimited), in {@link QUOTA_DIMENSIONS} order.
 *
 * @example
 * limitArgs({ requests_per_minute: 60 }); // ['60', '', '', '', '', '', '']
 */
export function limitArgs(limits: QuotaLimits | undefined): string[] {
  return QUOTA_DIMENSIONS.map((name) => {
    const limit = limits?.[name];
    return limit === undefined || !Number.isFinite(limit) ? '' : String(limit);
  });
}

/**
 * Limits as one script argument: seven space-separated numbers in {@link QUOTA_DIMENSIONS} order, '-' for
 * unlimited (the reserve script reads its numbers from one packed argument).
 *
 * @example
 * packedLimits({ requests_per_minute: 60 }); // '60 - - - - - -'
 */
export function packedLimits(limits: QuotaLimits | undefined): string {
  if (limits === undefined) return '- - - - - - -';
  let out = '';
  for (const name of QUOTA_DIMENSIONS) {
    const limit = limits[name];
    const text = limit === undefined || !Number.isFinite(limit) ? '-' : String(limit);
    out = out === '' ? text : `${out} ${text}`;
  }
  return out;
}

/**
 * The dimension at a script's index, defaulting to requests per minute for anything unknown.
 *
 * @example
 * dimensionAt(1); // 'tokens_per_minute'
 */
export function dimensionAt(index: unknown): QuotaDimension {
  return QUOTA_DIMENSIONS[Number(index)] ?? 'requests_per_minute';
}
