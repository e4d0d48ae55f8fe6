import type { LimitRejectionKind } from '../../limits/hidden-limits.js';
import { formatGoDuration } from './go-duration-format.js';
import type { OpenAIFakeFlavor } from './openai-fake-options.js';

/** An error response: status, body and extra headers. */
export interface FakeErrorReply {
  /** HTTP status. */
  status: number;
  /** JSON body. */
  body: unknown;
  /** Extra headers (retry-after …). */
  headers?: Record<string, string>;
}

const RATE_DOCS = 'Visit https://platform.openai.com/account/rate-limits to learn more.';

/**
 * `{"error": {message, type, param, code}}`, OpenAI's error envelope.
 *
 * @example
 * openAIError('bad', 'invalid_request_error', null); // { error: { message: 'bad', type: …, param: null, code: null } }
 */
export function openAIError(
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
): { error: Record<string, unknown> } {
  return { error: { message, type, param, code } };
}

function maskKey(key: string): string {
  return key.length < 12 ? '***' : `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

/**
 * The 401 for a missing or unknown key, in the flavor's words (OpenAI echoes the key masked).
 *
 * @example
 * unauthorizedReply('sk-nope', 'openai', 'masked').status; // 401
 */
export function unauthorizedReply(
  key: string | undefined,
  flavor: OpenAIFakeFlavor,
  echo: 'masked' | 'full',
): FakeErrorReply {
  if (flavor === 'azure') {
    return {
      status: 401,
      body: {
        error: {
          code: '401',
          message:
            'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
        },
      },
    };
  }
  if (key === undefined) {
    return {
      status: 401,
      body: openAIError(
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        'invalid_request_error',
        null,
      ),
    };
  }
  const shown = echo === 'full' ? key : maskKey(key);
  return {
    status: 401,
    body: openAIError(
      `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      'invalid_request_error',
      'invalid_api_key',
    ),
  };
}

const WINDOW_TEXT: Record<string, string> = {
  requests: 'requests per min (RPM)',
  tokens: 'tokens per min (TPM)',
  requests_day: 'requests per day (RPD)',
  tokens_day: 'tokens per day (TPD)',
  concurrency: 'concurrent requests',
};

/**
 * The 429 for a request the hidden limits refused: `rate_limit_exceeded` with "Please try again in …",
 * `insufficient_quota` for billing, or "Request too large" when it can never fit.
 *
 * @example
 * rateLimitReply({ kind: 'tokens', limit: 30000, requested: 1200, retryAfterMs: 1146 }, 'gpt-4o', 'openai').status; // 429
 */
export function rateLimitReply(
  rejection: {
    kind: LimitRejectionKind;
    limit: number;
    requested: number;
    retryAfterMs: number;
    used?: number;
  },
  model: string,
  flavor: OpenAIFakeFlavor,
): FakeErrorReply {
  if (rejection.kind === 'billing') return quotaReply();
  if (rejection.kind === 'too_large') return tooLargeReply(model, rejection.limit, rejection.requested);
  const wait = Math.max(1, rejection.retryAfterMs);
  const headers: Record<string, string> = { 'retry-after': String(Math.ceil(wait / 1000)) };
  if (flavor === 'azure') {
    headers['retry-after-ms'] = String(Math.round(wait));
    return {
      status: 429,
      headers,
      body: {
        error: {
          code: '429',
          message: `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded ${rejection.kind.startsWith('token') ? 'token' : 'call'} rate limit of your current OpenAI S0 pricing tier. Please retry after ${Math.ceil(wait / 1000)} seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
        },
      },
    };
  }
  const type = rejection.kind.startsWith('token') ? 'tokens' : 'requests';
  const used = rejection.used === undefined ? '' : `, Used ${rejection.used}`;
  return {
    status: 429,
    headers,
    body: openAIError(
      `Rate limit reached for ${model} in organization org-fake on ${WINDOW_TEXT[rejection.kind]}: Limit ${rejection.limit}${used}, Requested ${rejection.requested}. Please try again in ${formatGoDuration(wait)}. ${RATE_DOCS}`,
      type,
      'rate_limit_exceeded',
    ),
  };
}

/**
 * The billing 429: the key's quota is gone.
 *
 * @example
 * quotaReply().status; // 429
 */
export function quotaReply(): FakeErrorReply {
  return {
    status: 429,
    body: openAIError(
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      'insufficient_quota',
      'insufficient_quota',
    ),
  };
}

/**
 * The 429 for a request larger than the key's whole TPM limit.
 *
 * @example
 * tooLargeReply('gpt-4o', 30000, 34307).status; // 429
 */
export function tooLargeReply(model: string, limit: number, requested: number): FakeErrorReply {
  return {
    status: 429,
    body: openAIError(
      `Request too large for ${model} in organization org-fake on tokens per min (TPM): Limit ${limit}, Requested ${requested}. The input or output tokens must be reduced in order to run successfully. ${RATE_DOCS}`,
      'tokens',
      'rate_limit_exceeded',
    ),
  };
}

/**
 * 404 for a model the server does not serve.
 *
 * @example
 * modelNotFoundReply('gpt-9').status; // 404
 */
export function modelNotFoundReply(model: string): FakeErrorReply {
  return {
    status: 404,
    body: openAIError(
      `The model \`${model}\` does not exist or you do not have access to it.`,
      'invalid_request_error',
      'model_not_found',
    ),
  };
}

/**
 * 400 for a prompt beyond the context window.
 *
 * @example
 * contextLengthReply(130000).status; // 400
 */
export function contextLengthReply(tokens: number): FakeErrorReply {
  return {
    status: 400,
    body: openAIError(
      `This model's maximum context length is 128000 tokens. However, your messages resulted in ${Math.max(tokens, 128001)} tokens. Please reduce the length of the messages.`,
      'invalid_request_error',
      'context_length_exceeded',
      'messages',
    ),
  };
}

/**
 * 400 for a malformed request.
 *
 * @example
 * badRequestReply('bad temperature', 'temperature').status; // 400
 */
export function badRequestReply(message: string, param: string | null = null): FakeErrorReply {
  return { status: 400, body: openAIError(message, 'invalid_request_error', null, param) };
}

/**
 * 403 for an unsupported region.
 *
 * @example
 * forbiddenReply().status; // 403
 */
export function forbiddenReply(): FakeErrorReply {
  return {
    status: 403,
    body: openAIError(
      'Country, region, or territory not supported',
      'request_forbidden',
      'unsupported_country_region_territory',
    ),
  };
}

/**
 * The body of a 500 (also the error event sent inside a stream).
 *
 * @example
 * serverErrorBody().error.type; // 'server_error'
 */
export function serverErrorBody(): { error: Record<string, unknown> } {
  return openAIError(
    'The server had an error while processing your request. Sorry about that!',
    'server_error',
    null,
  );
}

/**
 * 503: overloaded.
 *
 * @example
 * overloadedReply().status; // 503
 */
export function overloadedReply(): FakeErrorReply {
  return {
    status: 503,
    body: openAIError('The engine is currently overloaded, please try again later.', 'server_error', null),
  };
}

/**
 * 404 for a path the API does not have.
 *
 * @example
 * invalidUrlReply('POST', '/v1/nope', 'openai').status; // 404
 */
export function invalidUrlReply(method: string, path: string, flavor: OpenAIFakeFlavor): FakeErrorReply {
  if (flavor === 'azure')
    return { status: 404, body: { error: { code: '404', message: 'Resource not found' } } };
  return {
    status: 404,
    body: openAIError(`Invalid URL (${method} ${path})`, 'invalid_request_error', null),
  };
}
