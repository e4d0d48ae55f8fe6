import type { Admission } from '../../limits/hidden-limits.js';
import {
  CREDIT_BALANCE_MESSAGE,
  type FakeErrorAnswer,
  rateLimitMessage,
  usageLimitMessage,
} from './anthropic-error-faults.js';

type Rejection = Extract<Admission, { ok: false }>;

function retryAfter(ms: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) };
}

/**
 * How Anthropic answers when a key's hidden limit refuses a request: per-minute requests, tokens and
 * concurrency → 429 `rate_limit_error` with `retry-after`; a request larger than the token limit → 413
 * `request_too_large` (it can never fit this key); daily limits → Anthropic's 400 usage-limit message with the
 * date access returns (Anthropic has no daily rate limits; spend limits are the closest behaviour); billing →
 * the 400 "credit balance is too low".
 *
 * @example
 * limitRejection({ ok: false, kind: 'requests', retryAfterMs: 1500, limit: 5, requested: 1 }, now).headers['retry-after']; // '2'
 */
export function limitRejection(rejection: Rejection, now: number): FakeErrorAnswer {
  switch (rejection.kind) {
    case 'requests':
      return {
        type: 'rate_limit_error',
        message: rateLimitMessage(rejection.limit, 'requests'),
        headers: retryAfter(rejection.retryAfterMs),
      };
    case 'tokens':
      return {
        type: 'rate_limit_error',
        message: rateLimitMessage(rejection.limit, 'tokens'),
        headers: retryAfter(rejection.retryAfterMs),
      };
    case 'concurrency':
      return {
        type: 'rate_limit_error',
        message: 'Number of concurrent connections has exceeded your rate limit. Please try again later.',
        headers: retryAfter(rejection.retryAfterMs),
      };
    case 'too_large':
      return {
        type: 'request_too_large',
        message: `Request too large for this key: ${rejection.requested} tokens requested, limit ${rejection.limit} tokens per minute.`,
        headers: {},
      };
    case 'requests_day':
    case 'tokens_day':
      return {
        type: 'invalid_request_error',
        message: usageLimitMessage(now + rejection.retryAfterMs),
        headers: {},
      };
    case 'billing':
      return { type: 'invalid_request_error', message: CREDIT_BALANCE_MESSAGE, headers: {} };
  }
}
