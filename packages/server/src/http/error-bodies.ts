import type { HttpFailure } from './http-failure.js';

/** The OpenAI error shape. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; code: string; param: string | null };
}

/** The Anthropic error shape. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/**
 * The OpenAI error body of a failure, which the `openai` SDK turns into its error class for the status.
 *
 * @example
 * openAIErrorBody(failure); // { error: { message, type, code, param } }
 */
export function openAIErrorBody(failure: HttpFailure): OpenAIErrorBody {
  return {
    error: { message: failure.message, type: failure.type, code: failure.code, param: failure.param },
  };
}

const ANTHROPIC_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  499: 'invalid_request_error',
  500: 'api_error',
  502: 'api_error',
  503: 'overloaded_error',
  504: 'api_error',
};

/**
 * The Anthropic error body of a failure (`/v1/messages`), typed by status so `@anthropic-ai/sdk` raises the
 * matching class.
 *
 * @example
 * anthropicErrorBody(failure); // { type: 'error', error: { type: 'rate_limit_error', message } }
 */
export function anthropicErrorBody(failure: HttpFailure): AnthropicErrorBody {
  return {
    type: 'error',
    error: { type: ANTHROPIC_TYPES[failure.status] ?? 'api_error', message: failure.message },
  };
}
