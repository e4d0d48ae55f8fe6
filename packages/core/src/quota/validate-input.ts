import { RouterError } from '../errors/router-error.js';
import { ValidationError, type ValidationIssueInput as ValidationIssue } from '../errors/specific-errors.js';
import type { UsageEstimate } from '../estimate/estimate-usage.js';
import { DECLARED_FIELDS } from './dimension-table.js';
import type { DeclaredLimits } from './quota-types.js';

/**
 * Throws a `validation` {@link ValidationError} unless every declared limit is absent or a positive finite
 * number.
 *
 * @example
 * assertDeclaredLimits({ rpm: 60 }); // ok
 * assertDeclaredLimits({ rpm: -1 }); // throws
 */
export function assertDeclaredLimits(limits: DeclaredLimits): void {
  const issues: ValidationIssue[] = [];
  for (const field of DECLARED_FIELDS) {
    const value: unknown = limits[field];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      issues.push({ path: field, message: 'must be a positive finite number' });
    }
  }
  if (issues.length > 0) throw new ValidationError('invalid declared limits', issues);
}

/**
 * Throws a `validation` {@link ValidationError} unless both token counts are finite and ≥ 0.
 *
 * @example
 * assertEstimate({ inputTokens: 10, outputTokens: 100 }); // ok
 */
export function assertEstimate(estimate: UsageEstimate): void {
  const { inputTokens, outputTokens } = estimate;
  if (inputTokens >= 0 && outputTokens >= 0 && inputTokens < Infinity && outputTokens < Infinity) return;
  throw new ValidationError('invalid usage estimate', [
    { path: 'inputTokens/outputTokens', message: 'must be finite numbers ≥ 0' },
  ]);
}

/**
 * The error for a key id the engine does not know (a `validation` {@link RouterError}, code `unknown_key`).
 *
 * @example
 * throw unknownKey('key-a');
 */
export function unknownKey(keyId: string): RouterError {
  return new RouterError('validation', `quota: unknown key id "${keyId}"; call registerKey first`, {
    keyId,
    code: 'unknown_key',
  });
}

/** What a quota group may be called: like a provider id, 1-64 of a-z 0-9 . _ - starting with a letter or digit. */
const QUOTA_GROUP_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/**
 * Throws a `validation` {@link ValidationError} unless `name` is a valid quota group name (1-64 characters
 * of a-z, 0-9, `.`, `_`, `-`, starting with a letter or digit).
 *
 * @example
 * assertQuotaGroupName('org-a'); // ok
 * assertQuotaGroupName('org a'); // throws
 */
export function assertQuotaGroupName(name: unknown): asserts name is string {
  if (typeof name === 'string' && QUOTA_GROUP_NAME.test(name)) return;
  throw new ValidationError('invalid quota group name', [
    { path: 'quotaGroup', message: 'must be 1-64 of a-z 0-9 . _ - starting with a letter or digit' },
  ]);
}
