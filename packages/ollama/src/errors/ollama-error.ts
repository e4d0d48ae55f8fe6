import {
  categoryForStatus,
  type ErrorCategory,
  type KeyEffect,
  parseGoDuration,
  type RateLimitObservation,
  type RouterError,
  upstreamError,
} from '@apikeyrouter/provider';
import { parseOllamaRateLimits } from '../rate-limits/parse-ollama-rate-limits.js';
import { scrubSecret } from './scrub-secret.js';

/**
 * What is known about one failed Ollama exchange.
 *
 * @example
 * ```ts
 * const input: OllamaErrorInput = {
 *   providerId: 'ollama',
 *   status: response.status,
 *   message: "model 'llama3.2' not found, try pulling it first",
 *   headers: response.headers,
 *   now: clock.now(),
 * };
 * throw ollamaError(input); // category 'not_found'
 * ```
 */
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
  keyEffect?: KeyEffect;
  retryable?: boolean;
}

const CONTEXT = /context (?:length|window|size)|exceeds the (?:maximum )?context|too many tokens/i;
const TOO_LARGE = /too large/i;
const PERIOD_QUOTA = /quota|usage limit|billing|insufficient|daily|per day|weekly/i;
const RETRY_HINT = /(?:try again|retry) in (\d+(?:\.\d+)?(?:ms|h|m|s)(?:\d+(?:\.\d+)?(?:ms|s))?)/i;

function kindFor(status: number | undefined, message: string): Kind {
  if (status === 429) {
    if (TOO_LARGE.test(message)) return { category: 'rate_limit', keyEffect: 'skip', retryable: true };
    return { category: PERIOD_QUOTA.test(message) ? 'quota_exhausted' : 'rate_limit' };
  }
  if (CONTEXT.test(message) && (status === undefined || status === 400 || status === 500)) {
    return { category: 'context_length' };
  }
  if (status === undefined || status < 400) return { category: 'provider' };
  return { category: categoryForStatus(status) };
}

function retryHintMs(message: string): number | undefined {
  const match = RETRY_HINT.exec(message);
  return match ? parseGoDuration(match[1]) : undefined;
}

/**
 * Turns a failed Ollama exchange (an HTTP error, or an error line in a 200 stream) into a categorised
 * {@link RouterError}. Ollama has no error codes: the category comes from status and message (429 with
 * "too large" → skip the key, 429 with a period quota → `quota_exhausted`, context messages →
 * `context_length`), and `code` is the kit's canonical code for that verdict (`UPSTREAM_ERROR_CODES`; a 503,
 * which Ollama sends when its queue is full, is `service_unavailable`; an error line in a 200 stream is
 * `upstream_error`). There is no `upstreamCode`.
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
  const verdict = { category: kind.category, status: input.status, keyEffect: kind.keyEffect };
  return upstreamError(verdict, `${prefix}: ${message}`, {
    providerId: input.providerId,
    retryAfterMs,
    rateLimits,
    ...(kind.retryable === undefined ? {} : { retryable: kind.retryable }),
    cause: input.cause,
  });
}
