import type { z } from 'zod';
import { parseUntrusted } from '../intent/parse-untrusted.js';

/**
 * Validates `input` with `schema` through the router's one untrusted-input parser: any problem becomes a
 * ValidationError whose message names the first issue and whose `issues` list all of them.
 *
 * @example
 * const budget = parseOrThrow(budgetInputSchema, input, 'Invalid budget');
 */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
): z.output<Schema> {
  return parseUntrusted(schema, input, what.replace(/^Invalid /, ''));
}
