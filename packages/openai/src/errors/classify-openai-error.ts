import {
  categoryForStatus,
  type ErrorCategory,
  type KeyEffect,
  type RateLimitObservation,
  type RouterError,
  upstreamError,
} from '@apikeyrouter/provider';
import { parseOpenAIRateLimits, type RateLimitDialect } from '../rate-limits/parse-openai-rate-limits.js';
import { readOpenAIError } from './openai-error-body.js';
import { retryHintMs } from './retry-hint.js';
import { scrubSecret } from './scrub-secret.js';

/**
 * A failed exchange: an HTTP error response, or an error event inside a 200 stream (no status).
 *
 * @example
 * ```ts
 * const text = await response.text();
 * const failure: OpenAIFailure = { status: response.status, headers: response.headers, text };
 * try {
 *   failure.body = JSON.parse(text);
 * } catch {} // not JSON (a proxy's HTML page): `text` is quoted instead
 * throw classifyOpenAIError(failure, { providerId: 'openai', now: clock.now(), apiKey });
 * ```
 */
export interface OpenAIFailure {
  /**
   * HTTP status; undefined for an error that arrived inside a stream.
   * @example 429
   */
  status?: number;
  /**
   * Response headers, when there was a response.
   * @example response.headers
   */
  headers?: Headers;
  /**
   * Parsed JSON body, when it parsed.
   * @example { error: { message: '…', type: 'insufficient_quota', code: 'insufficient_quota' } }
   */
  body?: unknown;
  /**
   * Raw body text, used when the body is not JSON.
   * @example '<html>502 Bad Gateway</html>'
   */
  text?: string;
}

/**
 * What classification needs besides the failure.
 *
 * @example
 * ```ts
 * const context: ClassifyOpenAIContext = { providerId: 'groq', now: call.clock.now(), apiKey: call.apiKey, dialect: 'groq' };
 * const error = classifyOpenAIError({ status: response.status, headers: response.headers, body }, context);
 * ```
 */
export interface ClassifyOpenAIContext {
  /**
   * Provider id for the error.
   * @example 'openai'
   */
  providerId: string;
  /**
   * Current instant (the router's clock), to turn resets into instants.
   * @example call.clock.now()
   */
  now: number;
  /**
   * Key material of the call, scrubbed from any provider text.
   * @example call.apiKey
   */
  apiKey?: string;
  /**
   * How to read the rate-limit headers.
   * @example 'groq'
   */
  dialect?: RateLimitDialect;
}

const TOO_LARGE = /request too large/i;
const LIMIT_REQUESTED = /Limit (\d+), Requested (\d+)/i;
const CONTEXT = /maximum context length|context_length_exceeded|context length|context window/i;
const PER_DAY = /per day|\((?:RPD|TPD)\)/i;
const QUOTA = /exceeded your current quota/i;
const OVERLOADED = /overloaded/i;

interface Verdict {
  category: ErrorCategory;
  keyEffect?: KeyEffect;
  retryable?: boolean;
}

function verdict(status: number | undefined, code: string, type: string, message: string): Verdict {
  if (code === 'insufficient_quota' || type === 'insufficient_quota' || QUOTA.test(message)) {
    return { category: 'quota_exhausted', keyEffect: 'exhaust' };
  }
  const rateLimited =
    status === 429 || code === 'rate_limit_exceeded' || type === 'requests' || type === 'tokens';
  if ((rateLimited || status === 413) && (TOO_LARGE.test(message) || code === 'request_too_large')) {
    return { category: 'rate_limit', keyEffect: 'skip', retryable: true };
  }
  if (code === 'context_length_exceeded' || ((status === 400 || status === 413) && CONTEXT.test(message))) {
    return { category: 'context_length' };
  }
  if (code === 'content_filter' || code === 'content_policy_violation') return { category: 'content_filter' };
  if (rateLimited) return { category: 'rate_limit' };
  if (code === 'model_not_found') return { category: 'not_found' };
  if (code === 'invalid_api_key' || type === 'authentication_error') return { category: 'authentication' };
  if (status !== undefined && status >= 400) return { category: categoryForStatus(status) };
  if (type === 'invalid_request_error') return { category: 'validation' };
  return { category: 'provider' };
}

/**
 * Turns an OpenAI-style failure into a {@link RouterError}: the three kinds of 429 (throttle, billing
 * `insufficient_quota` → exhaust, "Request too large" → skip this key), per-day limits (exhaust until the
 * reset), context length, model not found, auth, 5xx. The wait is `retry-after-ms`, then `retry-after`,
 * then the message's "Please try again in 1.146s". `code` is the kit's canonical code for the verdict
 * (`UPSTREAM_ERROR_CODES`); OpenAI's own `error.code` (or `error.type`) is `upstreamCode`. Key material is
 * scrubbed from the message.
 *
 * @example
 * const error = classifyOpenAIError({ status: 429, headers, body }, { providerId: 'openai', now: clock.now(), apiKey });
 * error.category; // 'rate_limit'
 */
export function classifyOpenAIError(failure: OpenAIFailure, context: ClassifyOpenAIContext): RouterError {
  const { providerId, now } = context;
  const fields = readOpenAIError(failure.body, failure.text ?? '');
  const code = fields.code ?? '';
  const type = fields.type ?? '';
  const rawMessage = fields.message || (failure.status ? `HTTP ${failure.status}` : 'stream error');
  const message = scrubSecret(rawMessage, context.apiKey).slice(0, 1000);
  const rateLimits: RateLimitObservation = failure.headers
    ? parseOpenAIRateLimits(failure.headers, now, context.dialect)
    : { dimensions: [] };
  const retryAfterMs = rateLimits.retryAfterMs ?? retryHintMs(rawMessage);
  const decided = verdict(failure.status, code, type, rawMessage);
  if (decided.category === 'rate_limit' && decided.keyEffect !== 'skip' && PER_DAY.test(rawMessage)) {
    decided.category = 'quota_exhausted';
    decided.keyEffect = 'exhaust';
    decided.retryable = true;
    if (retryAfterMs !== undefined) rateLimits.exhaustedUntil = now + retryAfterMs;
  }
  if (failure.headers?.get('x-should-retry') === 'true') decided.retryable = true;
  const details: Record<string, unknown> = {};
  if (fields.type !== undefined) details.type = fields.type;
  if (fields.param !== undefined) details.param = fields.param;
  if (decided.keyEffect === 'skip') {
    // "… on tokens per min (TPM): Limit 30000, Requested 34307": the limit lets the quota engine learn the
    // key's per-request ceiling, so later large requests skip this key without trying it.
    const sizes = LIMIT_REQUESTED.exec(rawMessage);
    if (sizes) {
      details.limit = Number(sizes[1]);
      details.requested = Number(sizes[2]);
    }
  }
  const statusText = failure.status === undefined ? 'stream' : String(failure.status);
  return upstreamError(
    {
      category: decided.category,
      status: failure.status,
      keyEffect: decided.keyEffect,
      // OpenAI says "The engine is currently overloaded" on a 503.
      overloaded: code === 'overloaded' || OVERLOADED.test(rawMessage),
    },
    `${providerId} ${statusText}: ${message}`,
    {
      providerId,
      upstreamCode: fields.code ?? fields.type,
      retryAfterMs: decided.keyEffect === 'skip' ? undefined : retryAfterMs,
      retryable: decided.retryable,
      rateLimits,
      details: Object.keys(details).length > 0 ? details : undefined,
    },
  );
}
