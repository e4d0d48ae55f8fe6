import type { RouterError } from '../errors/router-error.js';

/**
 * Whether a failed call says the provider is in trouble rather than the key: a provider error with status
 * ≥ 500 (529 included), or an overload error (Anthropic's `overloaded_error`, which can follow an HTTP 200).
 * 401/403/429, timeouts and network errors stay the key's own business.
 *
 * @example
 * isProviderOutage(new RouterError('provider', 'overloaded', { status: 529 })); // true
 */
export function isProviderOutage(error: RouterError): boolean {
  if (error.category !== 'provider') return false;
  if (error.status !== undefined && error.status >= 500) return true;
  return typeof error.code === 'string' && /overload/i.test(error.code);
}
