import { RouterError, type RouterErrorOptions } from './router-error.js';

const MARKER = Symbol.for('apikeyrouter.error.validation');

/**
 * One problem found in an input: a machine-readable `code`, the `path` to the offending value as segments
 * (object keys and array indexes) and a human `message`.
 *
 * @example
 * const issue: ValidationIssue = { code: 'too_small', path: ['messages', 0, 'content'], message: 'must not be empty' };
 */
export interface ValidationIssue {
  /** What kind of problem, e.g. `invalid_type`, `too_small`, `unrecognized_keys`, `invalid`. */
  code: string;
  /** Where in the input; `[]` is the input itself. */
  path: (string | number)[];
  /** What is wrong. */
  message: string;
}

/**
 * What callers may pass to {@link ValidationError}: a path as segments or as dotted text (`messages.0.content`,
 * digits become indexes), and an optional code (defaults to `invalid`).
 *
 * @example
 * new ValidationError('bad limits', [{ path: 'limits.rpm', message: 'must be positive' }]);
 */
export interface ValidationIssueInput {
  code?: string;
  path: string | readonly (string | number)[];
  message: string;
}

function toSegments(path: string | readonly (string | number)[]): (string | number)[] {
  if (typeof path !== 'string') return [...path];
  if (path === '' || path === '(root)') return [];
  return path.split('.').map((segment) => (/^(0|[1-9]\d{0,8})$/.test(segment) ? Number(segment) : segment));
}

/**
 * Normalises issue inputs into {@link ValidationIssue}s.
 *
 * @example
 * toValidationIssues([{ path: 'a.0', message: 'x' }]); // [{ code: 'invalid', path: ['a', 0], message: 'x' }]
 */
export function toValidationIssues(issues: readonly ValidationIssueInput[]): ValidationIssue[] {
  return issues.map((issue) => ({
    code: issue.code ?? 'invalid',
    path: toSegments(issue.path),
    message: issue.message,
  }));
}

/**
 * The input (an intent, options or a configuration argument) was malformed. Never retried.
 *
 * @example
 * if (ValidationError.isInstance(error)) console.log(error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
 */
export class ValidationError extends RouterError {
  readonly [MARKER] = true;
  /** Every problem found, with its path. */
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, issues: readonly ValidationIssueInput[], options: RouterErrorOptions = {}) {
    const normalised = toValidationIssues(issues);
    super('validation', message, { ...options, details: { issues: normalised, ...options.details } });
    this.name = 'ValidationError';
    this.issues = normalised;
  }

  /** True for any ValidationError, even one created by another copy of this package. */
  static override isInstance(value: unknown): value is ValidationError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
