/**
 * What an Anthropic error body says, read defensively.
 *
 * @example
 * ```ts
 * const info: AnthropicErrorInfo = parseAnthropicErrorText(await response.text());
 * if (info.type === 'overloaded_error') console.warn(info.message, info.requestId);
 * ```
 */
export interface AnthropicErrorInfo {
  /** `error.type`, e.g. `rate_limit_error`. @example 'overloaded_error' */
  type?: string;
  /** `error.message`. @example 'Overloaded' */
  message?: string;
  /** `request_id`, when the body carries one. @example 'req_011CV' */
  requestId?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `{"type":"error","error":{"type","message"},"request_id"}` from a parsed value. Anything else
 * (HTML from a proxy, empty bodies) gives an empty info, so the HTTP status decides.
 *
 * @example
 * readAnthropicError({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }).type; // 'overloaded_error'
 */
export function readAnthropicError(value: unknown): AnthropicErrorInfo {
  if (!isRecord(value)) return {};
  const info: AnthropicErrorInfo = {};
  const error = value.error;
  if (isRecord(error)) {
    if (typeof error.type === 'string') info.type = error.type;
    if (typeof error.message === 'string') info.message = error.message;
  } else if (typeof error === 'string') {
    info.message = error;
  }
  if (typeof value.request_id === 'string') info.requestId = value.request_id;
  return info;
}

/**
 * Parses an error response body text; see {@link readAnthropicError}.
 *
 * @example
 * parseAnthropicErrorText('{"type":"error","error":{"type":"api_error","message":"Internal server error"}}').type; // 'api_error'
 */
export function parseAnthropicErrorText(text: string): AnthropicErrorInfo {
  try {
    return readAnthropicError(JSON.parse(text));
  } catch {
    return text.trim() === '' ? {} : { message: text.slice(0, 500) };
  }
}
