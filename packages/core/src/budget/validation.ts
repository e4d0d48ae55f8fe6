import type { z } from 'zod';
import { ValidationError, type ValidationIssueInput as ValidationIssue } from '../errors/specific-errors.js';

/**
 * Validates `input` with `schema`; any problem becomes a {@link ValidationError} whose message names the first
 * issue and whose `issues` list all of them. Never throws anything else.
 *
 * @example
 * const budget = parseOrThrow(budgetInputSchema, input, 'Invalid budget');
 */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
): z.output<Schema> {
  let result: z.ZodSafeParseResult<z.output<Schema>>;
  try {
    result = schema.safeParse(input);
  } catch (cause) {
    throw new ValidationError(
      `${what} (input could not be read)`,
      [{ path: '(root)', message: 'unreadable' }],
      {
        cause,
      },
    );
  }
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const first = issues[0];
  throw new ValidationError(`${what} (${first ? `${first.path}: ${first.message}` : 'invalid'})`, issues);
}
