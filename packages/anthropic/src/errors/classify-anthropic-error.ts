import {
  categoryForStatus,
  type ErrorCategory,
  type KeyEffect,
  type RateLimitObservation,
  type RouterError,
  upstreamError,
} from '@apikeyrouter/provider';
import { parseAnthropicRateLimits, resetWaitMs } from '../rate-limits/parse-anthropic-rate-limits.js';
import type { AnthropicErrorInfo } from './anthropic-error-body.js';
import { scrubSecret } from './scrub-secret.js';
import { usageLimitResetAt } from './usage-limit-reset.js';

/**
 * Where an Anthropic error was seen.
 *
 * @example
 * ```ts
 * const context: AnthropicErrorContext = {
 *   providerId: 'anthropic',
 *   now: Date.now(),
 *   status: response.status,
 *   headers: response.headers,
 * };
 * throw classifyAnthropicError(parseAnthropicErrorText(await response.text()), context);
 * ```
 */
export interface AnthropicErrorContext {
  /** Provider id to stamp on the error. @example 'anthropic' */
  providerId: string;
  /** Epoch ms now (from the call's clock). @example 1767225600000 */
  now: number;
  /** HTTP status; absent for `error` events inside a 200 stream. @example 429 */
  status?: number;
  /** Response headers, for rate limits, retry-after and request-id. @example new Headers() */
  headers?: Headers;
  /** Key material of the call, scrubbed from the message. @example 'sk-ant-…' */
  secret?: string;
}

interface Verdict {
  category: ErrorCategory;
  keyEffect?: KeyEffect;
  retryable?: boolean;
}

const BY_TYPE: Readonly<Record<string, Verdict>> = {
  invalid_request_error: { category: 'validation' },
  authentication_error: { category: 'authentication' },
  permission_error: { category: 'permission' },
  not_found_error: { category: 'not_found' },
  // Too big for this key (or this provider's body limit): skip the key; another candidate may take it.
  request_too_large: { category: 'rate_limit', keyEffect: 'skip', retryable: true },
  rate_limit_error: { category: 'rate_limit' },
  billing_error: { category: 'quota_exhausted', keyEffect: 'exhaust' },
  api_error: { category: 'provider' },
  overloaded_error: { category: 'provider', keyEffect: 'failure', retryable: true },
  timeout_error: { category: 'timeout' },
};

const CONTEXT_LENGTH =
  /prompt is too long|exceeds? (?:the )?(?:model'?s? )?context|context (?:window|limit)/i;
const CREDIT_BALANCE = /credit balance is too low/i;
const USAGE_LIMIT = /reached your specified (?:API )?usage limits/i;

function verdictFor(info: AnthropicErrorInfo, status: number | undefined): Verdict {
  const message = info.message ?? '';
  if (info.type === 'invalid_request_error' || (info.type === undefined && status === 400)) {
    if (CONTEXT_LENGTH.test(message)) return { category: 'context_length' };
    // Anthropic reports an empty prepaid balance and a reached spend limit as 400s: the key is out of money.
    if (CREDIT_BALANCE.test(message) || USAGE_LIMIT.test(message)) {
      return { category: 'quota_exhausted', keyEffect: 'exhaust' };
    }
  }
  const known = info.type === undefined ? undefined : BY_TYPE[info.type];
  if (known) return known;
  if (status === 413) return BY_TYPE.request_too_large as Verdict;
  if (status === 529) return BY_TYPE.overloaded_error as Verdict;
  return { category: status === undefined ? 'provider' : categoryForStatus(status) };
}

function observation(context: AnthropicErrorContext, message: string): RateLimitObservation | undefined {
  const parsed = context.headers ? parseAnthropicRateLimits(context.headers, context.now) : undefined;
  const until = USAGE_LIMIT.test(message) ? usageLimitResetAt(message) : undefined;
  if (until === undefined) return parsed;
  return { dimensions: parsed?.dimensions ?? [], ...parsed, exhaustedUntil: until };
}

/**
 * Turns an Anthropic error (HTTP error body or stream `error` event) into a {@link RouterError}: category and
 * key effect from `error.type` (the message refines 400s: context length, credit balance, usage limits), `code`
 * the kit's canonical code for that verdict (`UPSTREAM_ERROR_CODES`), `upstreamCode` = `error.type`, `retryAfterMs` from `retry-after-ms` / `retry-after`, then the exhausted dimension's reset
 * (429) or the usage-limit date, and the response's rate-limit headers. The key is scrubbed from the message.
 *
 * @example
 * classifyAnthropicError({ type: 'overloaded_error', message: 'Overloaded' }, { providerId: 'anthropic', now, status: 529 });
 * // RouterError { category: 'provider', keyEffect: 'failure', retryable: true, code: 'overloaded', upstreamCode: 'overloaded_error' }
 */
export function classifyAnthropicError(
  info: AnthropicErrorInfo,
  context: AnthropicErrorContext,
): RouterError {
  const verdict = verdictFor(info, context.status);
  const rawMessage = info.message ?? (context.status ? `HTTP ${context.status}` : 'stream error');
  const message = scrubSecret(rawMessage, context.secret);
  const rateLimits = observation(context, rawMessage);
  let retryAfterMs = rateLimits?.retryAfterMs;
  if (retryAfterMs === undefined && verdict.category === 'rate_limit' && verdict.keyEffect !== 'skip') {
    retryAfterMs = rateLimits ? resetWaitMs(rateLimits, context.now) : undefined;
  }
  if (retryAfterMs === undefined && rateLimits?.exhaustedUntil !== undefined) {
    retryAfterMs = Math.max(0, rateLimits.exhaustedUntil - context.now);
  }
  const rawRequestId = info.requestId ?? context.headers?.get('request-id') ?? undefined;
  const requestId = rawRequestId === undefined ? undefined : scrubSecret(rawRequestId, context.secret);
  const label = [context.status, info.type].filter((part) => part !== undefined).join(' ');
  return upstreamError(
    {
      category: verdict.category,
      status: context.status,
      keyEffect: verdict.keyEffect,
      overloaded: info.type === 'overloaded_error',
    },
    `${context.providerId} error${label ? ` (${label})` : ''}: ${message}`,
    {
      providerId: context.providerId,
      upstreamCode: info.type,
      retryable: verdict.retryable,
      retryAfterMs,
      rateLimits,
      details: requestId === undefined ? undefined : { requestId },
    },
  );
}
