import { type RequestIntent, requestIntentSchema } from './intent-schema.js';
import { parseUntrusted } from './parse-untrusted.js';

/**
 * Validates untrusted input as a {@link RequestIntent}. Any malformed input (wrong types, unknown fields,
 * throwing getters, cycles) becomes a ValidationError; this function never throws anything else.
 *
 * @example
 * const intent = parseIntent(JSON.parse(body)); // throws ValidationError with `issues`
 */
export function parseIntent(input: unknown): RequestIntent {
  return parseUntrusted(requestIntentSchema, input, 'request intent');
}
