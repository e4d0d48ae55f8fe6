import type { z } from 'zod';
import { HttpFailure } from './http-failure.js';

/**
 * Validates a decoded request body against a wire schema; the first problem becomes a 400 naming the
 * parameter, in the shape the SDKs expect.
 *
 * @example
 * const body = parseWire(chatWireSchema, json);
 */
export function parseWire<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : null;
  const reason = issue?.message ?? 'invalid request';
  throw new HttpFailure(
    400,
    'invalid_request_error',
    'invalid_request',
    param ? `Invalid ${param}: ${reason}` : `Invalid request: ${reason}`,
    param,
  );
}

/**
 * Decodes a JSON request body; anything that is not a JSON object is a 400.
 *
 * @example
 * const json = decodeJsonObject(await c.req.text());
 */
export function decodeJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpFailure(400, 'invalid_request_error', 'invalid_json', 'The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpFailure(
      400,
      'invalid_request_error',
      'invalid_json',
      'The request body must be a JSON object',
    );
  }
  return value as Record<string, unknown>;
}
