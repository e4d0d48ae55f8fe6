import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/specific-errors.js';

/**
 * The one conversion of zod issues into a {@link ValidationError}: each issue keeps its code and its path
 * (under `prefix`, e.g. `objective`), and the message names `what` and the first problem.
 *
 * @example
 * throw validationErrorFromZod(result.error.issues, 'route options', 'options');
 */
export function validationErrorFromZod(
  zodIssues: readonly z.core.$ZodIssue[],
  what: string,
  prefix?: string,
): ValidationError {
  const issues = validationIssuesFromZod(zodIssues, prefix);
  const first = issues[0];
  const where = first ? first.path.join('.') || '(root)' : '';
  return new ValidationError(`Invalid ${what} (${first ? `${where}: ${first.message}` : 'invalid'})`, issues);
}

/**
 * Zod issues as {@link ValidationIssue}s, their paths under `prefix`.
 *
 * @example
 * issues.push(...validationIssuesFromZod(result.error.issues, 'options'));
 */
export function validationIssuesFromZod(
  zodIssues: readonly z.core.$ZodIssue[],
  prefix?: string,
): ValidationIssue[] {
  return zodIssues.map((issue) => ({
    code: issue.code,
    path: [
      ...(prefix ? [prefix] : []),
      ...issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
    ],
    message: issue.message,
  }));
}

/**
 * Validates untrusted input against a schema. Any malformed input (wrong types, unknown fields, throwing
 * getters or `toJSON`, cycles, BigInt) becomes a {@link ValidationError} naming `what`; nothing else is
 * ever thrown.
 *
 * @example
 * const intent = parseUntrusted(requestIntentSchema, body, 'request intent');
 */
export function parseUntrusted<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  prefix?: string,
): z.output<S> {
  let result: ReturnType<S['safeParse']>;
  try {
    result = schema.safeParse(input) as ReturnType<S['safeParse']>;
  } catch (cause) {
    throw new ValidationError(
      `The ${what} could not be read`,
      [{ code: 'unreadable', path: prefix ?? '(root)', message: 'input could not be inspected' }],
      { cause },
    );
  }
  if (result.success) return result.data as z.output<S>;
  throw validationErrorFromZod(result.error.issues, what, prefix);
}
