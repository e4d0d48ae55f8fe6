import {
  categoryForStatus,
  type ErrorCategory,
  type KeyEffect,
  parseGoDuration,
  type RateLimitObservation,
  RouterError,
} from '@apikeyrouter/provider';
import { parseOllamaRateLimits } from '../rate-limits/parse-ollama-rate-limits.js';
import { scrubSecret } from './scrub-secret.js';

/** What is known about one failed Ollama exchange. */
export interface OllamaErrorInput {
  /** Provider id to report. */
  providerId: string;
  /** Provider message (from `{"error": …}` or the body text). Scrubbed here. */
  message: string;
  /** HTTP status; undefined for an error line inside a 200 stream. */
  status?: number;
  /** Headers of the failed response, when there was one. */
  headers?: Headers;
  /** `clock.now()` of the call, to turn waits into instants. */
  now: number;
  /** Key material to scrub from the message. */
  apiKey?: string;
  /** Underlying error. */
  cause?: unknown;
}

interface Kind {
  category: ErrorCategory;
  code: string;
  keyEffect?: KeyEffect;
  retryable?: boolean;
}

const CONTEXT = /context (?:length|window|size)|exceeds the (?:maximum )?context|too many tokens/i;
const TOO_LARGE = /too large/i;
const PERIOD_QUOTA = /quota|usage limit|billing|insufficient|daily|per day|weekly/i;
const MODEL_NOT_FOUND = /model\b.*not found|not found.*pull/i;
const RETRY_HINT = /(?:try again|retry) in (\d+(?:\.\d+)?(?:ms|h|m|s)(?:\d+(?:\.\d+)?(?:ms|s))?)/i;

function kindFor(status: number | undefined, message: string): Kind {
  if (status === 429) {
    if (TOO_LARGE.test(message)) {
      return { category: 'rate_limit', code: 'request_too_large', keyEffect: 'skip', retryable: true };
    }
    if (PERIOD_QUOTA.test(message)) return { category: 'quota_exhausted', code: 'quota_exceeded' };
    return { category: 'rate_limit', code: 'rate_limit_exceeded' };
  }
  if (CONTEXT.test(message) && (status === undefined || status === 400 || status === 500)) {
    return { category: 'context_length', code: 'context_length_exceeded' };
  }
  if (status === undefined) return { category: 'provider', code: 'provider_error' };
  if (status === 404)
    return { category: 'not_found', code: MODEL_NOT_FOUND.test(message) ? 'model_not_found' : 'not_found' };
  if (status === 400) return { category: 'validation', code: 'invalid_request' };
  if (status === 401) return { category: 'authentication', code: 'unauthorized' };
  if (status === 403) return { category: 'permission', code: 'forbidden' };
  // 503 is what Ollama answers when its request queue (OLLAMA_MAX_QUEUE) is full.
  if (status === 503) return { category: 'provider', code: 'server_busy' };
  if (status === 500) return { category: 'provider', code: 'server_error' };
  return { category: categoryForStatus(status), code: `http_${status}` };
}

function retryHintMs(message: string): number | undefined {
  const match = RETRY_HINT.exec(message);
  return match ? parseGoDuration(match[1]) : undefined;
}

/**
 * Turns a failed Ollama exchange (an HTTP error, or an error line in a 200 stream) into a categorised
 * {@link RouterError}. Ollama has no error codes, so `code` is derived from status and message:
 * `model_not_found`, `invalid_request`, `context_length_exceeded`, `rate_limit_exceeded`, `quota_exceeded`,
 * `request_too_large`, `server_busy`, `server_error`, `provider_error` (an error line or error body with HTTP 200), `unauthorized`, `forbidden`, `http_<status>`.
 *
 * @example
 * const error = ollamaError({ providerId: 'ollama', status: 404, message: "model 'x' not found, try pulling it first", now: clock.now() });
 * error.category; // 'not_found'
 */
export function ollamaError(input: OllamaErrorInput): RouterError {
  const message = scrubSecret(input.message, input.apiKey);
  const kind = kindFor(input.status, message);
  let rateLimits: RateLimitObservation | undefined = input.headers
    ? parseOllamaRateLimits(input.headers, input.now)
    : undefined;
  const retryAfterMs = rateLimits?.retryAfterMs ?? retryHintMs(message);
  if (kind.category === 'quota_exhausted' && retryAfterMs !== undefined) {
    rateLimits = {
      ...(rateLimits ?? { dimensions: [] }),
      retryAfterMs,
      exhaustedUntil: input.now + retryAfterMs,
    };
  }
  const prefix =
    input.status === undefined ? `${input.providerId} stream error` : `${input.providerId} ${input.status}`;
  return new RouterError(kind.category, `${prefix}: ${message}`, {
    code: kind.code,
    status: input.status,
    providerId: input.providerId,
    retryAfterMs,
    rateLimits,
    ...(kind.keyEffect === undefined ? {} : { keyEffect: kind.keyEffect }),
    ...(kind.retryable === undefined ? {} : { retryable: kind.retryable }),
    cause: input.cause,
  });
}
