import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/specific-errors.js';
import { type RequestIntent, requestIntentSchema } from './intent-schema.js';

function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/**
 * Validates untrusted input as a {@link RequestIntent}. Any malformed input (wrong types, unknown fields,
 * throwing getters, cycles) becomes a {@link ValidationError}; this function never throws anything else.
 *
 * @example
 * const intent = parseIntent(JSON.parse(body)); // throws ValidationError with `issues`
 */
export function parseIntent(input: unknown): RequestIntent {
  let result: ReturnType<typeof requestIntentSchema.safeParse>;
  try {
    result = requestIntentSchema.safeParse(input);
  } catch (cause) {
    throw new ValidationError(
      'The request intent could not be read',
      [{ path: '(root)', message: 'input could not be inspected' }],
      { cause },
    );
  }
  if (result.success) return result.data;
  const issues = toIssues(result.error);
  const first = issues[0];
  const summary = first ? `${first.path}: ${first.message}` : 'invalid';
  throw new ValidationError(`Invalid request intent (${summary})`, issues);
}
