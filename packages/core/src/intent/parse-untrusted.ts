import type { z } from 'zod';
import { ValidationError } from '../errors/specific-errors.js';

/**
 * Validates untrusted input against a schema. Any malformed input (wrong types, unknown fields, throwing
 * getters, cycles) becomes a {@link ValidationError} naming `what`; nothing else is ever thrown.
 *
 * @example
 * const intent = parseUntrusted(requestIntentSchema, body, 'request intent');
 */
export function parseUntrusted<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  let result: ReturnType<S['safeParse']>;
  try {
    result = schema.safeParse(input) as ReturnType<S['safeParse']>;
  } catch (cause) {
    throw new ValidationError(
      `The ${what} could not be read`,
      [{ path: '(root)', message: 'input could not be inspected' }],
      {
        cause,
      },
    );
  }
  if (result.success) return result.data as z.output<S>;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const first = issues[0];
  throw new ValidationError(
    `Invalid ${what} (${first ? `${first.path}: ${first.message}` : 'invalid'})`,
    issues,
  );
}
