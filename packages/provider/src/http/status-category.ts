import type { ErrorCategory } from '../errors/error-category.js';

/**
 * The category an HTTP status means when the body says nothing more specific.
 *
 * @example
 * categoryForStatus(401); // 'authentication'
 */
export function categoryForStatus(status: number): ErrorCategory {
  if (status === 400 || status === 422) return 'validation';
  if (status === 401) return 'authentication';
  if (status === 402) return 'quota_exhausted';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 413) return 'validation';
  if (status === 429) return 'rate_limit';
  return 'provider';
}
