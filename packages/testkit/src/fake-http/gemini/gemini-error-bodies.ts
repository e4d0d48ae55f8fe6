/**
 * A Google API error as the Gemini API sends it: `{"error": {"code", "message", "status", "details"?}}`.
 *
 * @example
 * ```ts
 * const body: GeminiErrorBody = geminiErrors.quotaExceeded(GEMINI_QUOTAS.requestsPerMinute, 15, 'gemini-2.0-flash', 58_000);
 * sendJson(response, body.error.code, body); // 429 RESOURCE_EXHAUSTED with QuotaFailure and RetryInfo details
 * ```
 */
export interface GeminiErrorBody {
  /** The error. */
  error: {
    /** HTTP status. */
    code: number;
    /** Human-readable message. */
    message: string;
    /** google.rpc.Code name. */
    status: string;
    /** Typed details (`@type` URLs under type.googleapis.com/google.rpc.*). */
    details?: Array<Record<string, unknown>>;
  };
}

/**
 * One Gemini quota, as named in `google.rpc.QuotaFailure` violations.
 *
 * @example
 * ```ts
 * const quota: GeminiQuota = GEMINI_QUOTAS.inputTokensPerMinute;
 * const body = geminiErrors.quotaExceeded(quota, 250_000, 'gemini-2.0-flash', 30_000);
 * ```
 */
export interface GeminiQuota {
  /** E.g. `GenerateRequestsPerMinutePerProjectPerModel-FreeTier`. */
  quotaId: string;
  /** E.g. `generativelanguage.googleapis.com/generate_content_free_tier_requests`. */
  quotaMetric: string;
}

const SERVICE = 'generativelanguage.googleapis.com';
const RPC = 'type.googleapis.com/google.rpc';

/**
 * The quotas the simulated provider enforces, by the hidden limit they stand for.
 *
 * @example
 * geminiErrors.quotaExceeded(GEMINI_QUOTAS.requestsPerDay, 1500, 'gemini-2.0-flash', 60_000);
 */
export const GEMINI_QUOTAS = {
  requestsPerMinute: {
    quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
    quotaMetric: `${SERVICE}/generate_content_free_tier_requests`,
  },
  inputTokensPerMinute: {
    quotaId: 'GenerateContentInputTokensPerModelPerMinute-FreeTier',
    quotaMetric: `${SERVICE}/generate_content_free_tier_input_token_count`,
  },
  requestsPerDay: {
    quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
    quotaMetric: `${SERVICE}/generate_content_free_tier_requests`,
  },
  inputTokensPerDay: {
    quotaId: 'GenerateContentInputTokensPerModelPerDay-FreeTier',
    quotaMetric: `${SERVICE}/generate_content_free_tier_input_token_count`,
  },
} as const satisfies Record<string, GeminiQuota>;

function error(code: number, status: string, message: string, details?: Array<Record<string, unknown>>) {
  const body: GeminiErrorBody = { error: { code, message, status } };
  if (details) body.error.details = details;
  return body;
}

/** Formats ms as a protobuf Duration (`58s`, `1.5s`), as RetryInfo carries it. */
function duration(ms: number): string {
  return `${Number((Math.max(0, ms) / 1000).toFixed(3))}s`;
}

/**
 * Builders for every error body the simulated Gemini sends, shaped like the real API's.
 *
 * @example
 * sendJson(response, 400, geminiErrors.apiKeyInvalid());
 */
export const geminiErrors = {
  /** 400: unknown or malformed key. Gemini answers bad keys with 400, not 401. */
  apiKeyInvalid: (): GeminiErrorBody =>
    error(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
      {
        '@type': `${RPC}.ErrorInfo`,
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: SERVICE },
      },
      {
        '@type': `${RPC}.LocalizedMessage`,
        locale: 'en-US',
        message: 'API key not valid. Please pass a valid API key.',
      },
    ]),
  /** 403: no key at all. */
  missingKey: (): GeminiErrorBody =>
    error(
      403,
      'PERMISSION_DENIED',
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    ),
  /** 403: the key's project is suspended. Like the real API, the message echoes the key. */
  consumerSuspended: (key: string): GeminiErrorBody =>
    error(403, 'PERMISSION_DENIED', `Permission denied: Consumer 'api_key:${key}' has been suspended.`, [
      {
        '@type': `${RPC}.ErrorInfo`,
        reason: 'CONSUMER_SUSPENDED',
        domain: 'googleapis.com',
        metadata: { service: SERVICE, consumer: 'projects/000000000000' },
      },
    ]),
  /** 404: unknown model or method. */
  modelNotFound: (model: string, version: string, method: string): GeminiErrorBody =>
    error(
      404,
      'NOT_FOUND',
      `models/${model} is not found for API version ${version}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`,
    ),
  /** 400: a malformed request, optionally with `google.rpc.BadRequest` field violations. */
  invalidArgument: (message: string, field?: string): GeminiErrorBody =>
    error(
      400,
      'INVALID_ARGUMENT',
      message,
      field === undefined
        ? undefined
        : [{ '@type': `${RPC}.BadRequest`, fieldViolations: [{ field, description: message }] }],
    ),
  /** 400: the prompt exceeds the model's context window. */
  contextLength: (inputTokens: number, maxTokens: number): GeminiErrorBody =>
    error(
      400,
      'INVALID_ARGUMENT',
      `The input token count (${inputTokens}) exceeds the maximum number of tokens allowed (${maxTokens}).`,
    ),
  /** 429: a quota is exceeded, with QuotaFailure, Help and RetryInfo details. */
  quotaExceeded: (quota: GeminiQuota, limit: number, model: string, retryMs: number): GeminiErrorBody =>
    error(
      429,
      'RESOURCE_EXHAUSTED',
      `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n* Quota exceeded for metric: ${quota.quotaMetric}, limit: ${limit}, model: ${model}\nPlease retry in ${duration(retryMs)}.`,
      [
        {
          '@type': `${RPC}.QuotaFailure`,
          violations: [
            {
              quotaMetric: quota.quotaMetric,
              quotaId: quota.quotaId,
              quotaDimensions: { location: 'global', model },
              quotaValue: String(limit),
            },
          ],
        },
        {
          '@type': `${RPC}.Help`,
          links: [
            {
              description: 'Learn more about Gemini API quotas',
              url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
            },
          ],
        },
        { '@type': `${RPC}.RetryInfo`, retryDelay: duration(retryMs) },
      ],
    ),
  /** 429 without details, as Gemini answers when shared capacity (not a quota) runs out. */
  resourceExhausted: (): GeminiErrorBody =>
    error(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'),
  /** 500. */
  internal: (): GeminiErrorBody =>
    error(
      500,
      'INTERNAL',
      'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
    ),
  /** 503: the model is overloaded. */
  unavailable: (): GeminiErrorBody =>
    error(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'),
  /** 504: Gemini's own deadline passed. */
  deadlineExceeded: (): GeminiErrorBody =>
    error(504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.'),
  /** 400 FAILED_PRECONDITION: the caller's region is not served. */
  locationNotSupported: (): GeminiErrorBody =>
    error(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.'),
  /** 401: an OAuth token (not an API key) was rejected. */
  unauthenticated: (): GeminiErrorBody =>
    error(
      401,
      'UNAUTHENTICATED',
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    ),
};
