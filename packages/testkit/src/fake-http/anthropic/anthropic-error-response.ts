import type { ServerResponse } from 'node:http';
import { sendJson } from '../loopback-server.js';

/**
 * Anthropic's error types with their HTTP statuses.
 *
 * @example
 * ```ts
 * ANTHROPIC_ERROR_STATUS.overloaded_error; // 529
 * sendAnthropicError(response, 'rate_limit_error', 'Rate limited', 'req_1'); // sent with status 429
 * ```
 */
export const ANTHROPIC_ERROR_STATUS = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
} as const;

/**
 * One of Anthropic's error types.
 *
 * @example
 * ```ts
 * const type: AnthropicErrorType = 'overloaded_error';
 * sendAnthropicError(response, type, 'Overloaded', 'req_1'); // status ANTHROPIC_ERROR_STATUS[type], 529
 * ```
 */
export type AnthropicErrorType = keyof typeof ANTHROPIC_ERROR_STATUS;

/**
 * The error body Anthropic sends, on HTTP errors and in stream `error` events.
 *
 * @example
 * anthropicErrorBody('overloaded_error', 'Overloaded', 'req_1');
 * // { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_1' }
 */
export function anthropicErrorBody(type: AnthropicErrorType, message: string, requestId: string) {
  return { type: 'error' as const, error: { type, message }, request_id: requestId };
}

/**
 * Writes an Anthropic error response with its status, `request-id` and any extra headers.
 *
 * @example
 * sendAnthropicError(res, 'authentication_error', 'invalid x-api-key', 'req_1');
 */
export function sendAnthropicError(
  response: ServerResponse,
  type: AnthropicErrorType,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  sendJson(response, ANTHROPIC_ERROR_STATUS[type], anthropicErrorBody(type, message, requestId), {
    'request-id': requestId,
    ...headers,
  });
}
