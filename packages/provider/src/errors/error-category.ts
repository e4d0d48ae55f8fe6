/**
 * Every failure ApiKeyRouter reports falls in exactly one category. Callers switch on it; the router uses it
 * to decide what happens to the key and whether another key may help. `store_unavailable` means the shared
 * state store (e.g. Redis) could not be reached: no key is at fault, and a later attempt may succeed.
 *
 * @example
 * if (ERROR_CATEGORIES.includes(value as ErrorCategory)) handle(value as ErrorCategory);
 */
export const ERROR_CATEGORIES = [
  'validation',
  'authentication',
  'permission',
  'rate_limit',
  'quota_exhausted',
  'budget_exceeded',
  'not_found',
  'context_length',
  'content_filter',
  'provider',
  'timeout',
  'network',
  'no_eligible_keys',
  'aborted',
  'configuration',
  'store_unavailable',
] as const;

/**
 * One of {@link ERROR_CATEGORIES}.
 *
 * @example
 * const category: ErrorCategory = 'rate_limit';
 */
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/**
 * What a failed attempt means for the key that served it.
 * - `none`: the key is fine (e.g. the request itself was bad).
 * - `throttle`: temporarily rate limited until `retryAfterMs` / the reset.
 * - `exhaust`: a period or billing quota is gone.
 * - `invalidate`: the key is rejected (401/403) until rotated.
 * - `failure`: counts towards opening the key's circuit (5xx, timeouts, network).
 * - `skip`: this request can never fit this key (too large); skip the key for this request only.
 *
 * @example
 * const effect: KeyEffect = DEFAULT_KEY_EFFECT['rate_limit']; // 'throttle'
 */
export type KeyEffect = 'none' | 'throttle' | 'exhaust' | 'invalidate' | 'failure' | 'skip';

/**
 * Default key effect per category, used when an adapter does not state one.
 *
 * @example
 * DEFAULT_KEY_EFFECT.authentication; // 'invalidate'
 */
export const DEFAULT_KEY_EFFECT: Readonly<Record<ErrorCategory, KeyEffect>> = {
  validation: 'none',
  authentication: 'invalidate',
  permission: 'invalidate',
  rate_limit: 'throttle',
  quota_exhausted: 'exhaust',
  budget_exceeded: 'none',
  not_found: 'skip',
  context_length: 'none',
  content_filter: 'none',
  provider: 'failure',
  timeout: 'failure',
  network: 'failure',
  no_eligible_keys: 'none',
  aborted: 'none',
  configuration: 'none',
  store_unavailable: 'none',
};

/**
 * Whether a different key or a later attempt can succeed, per category (overridable per error).
 *
 * @example
 * DEFAULT_RETRYABLE.validation; // false
 */
export const DEFAULT_RETRYABLE: Readonly<Record<ErrorCategory, boolean>> = {
  validation: false,
  authentication: true,
  permission: true,
  rate_limit: true,
  quota_exhausted: true,
  budget_exceeded: false,
  not_found: true,
  context_length: false,
  content_filter: false,
  provider: true,
  timeout: true,
  network: true,
  no_eligible_keys: false,
  aborted: false,
  configuration: false,
  store_unavailable: true,
};
