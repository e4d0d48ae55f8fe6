import type { FaultKind, FaultSpec } from '../fault-script.js';
import type { AnthropicErrorType } from './anthropic-error-response.js';
import { rfc3339Seconds } from './anthropic-rate-limit-headers.js';

/** An error answer the fake sends instead of a message. */
export interface FakeErrorAnswer {
  /** Anthropic error type (decides the status). @example 'rate_limit_error' */
  type: AnthropicErrorType;
  /** Error message. @example 'Overloaded' */
  message: string;
  /** Extra headers (retry-after, rate limits). @example { 'retry-after': '2' } */
  headers: Record<string, string>;
}

const RATE_LIMIT_HELP =
  'For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.';

/**
 * Anthropic's 429 message for a per-minute limit.
 *
 * @example
 * rateLimitMessage(50, 'requests'); // 'This request would exceed the rate limit for your organization of 50 requests per minute. …'
 */
export function rateLimitMessage(limit: number, unit: string): string {
  return `This request would exceed the rate limit for your organization of ${limit} ${unit} per minute. ${RATE_LIMIT_HELP}`;
}

/**
 * Anthropic's 400 message for a spend/usage limit, with the instant access returns (rounded up to the minute).
 *
 * @example
 * usageLimitMessage(Date.UTC(2026, 0, 2)); // '… You will regain access on 2026-01-02 at 00:00 UTC.'
 */
export function usageLimitMessage(until: number): string {
  const minute = Math.ceil(until / 60_000) * 60_000;
  const iso = new Date(minute).toISOString();
  return `You have reached your specified API usage limits. You will regain access on ${iso.slice(0, 10)} at ${iso.slice(11, 16)} UTC.`;
}

/** Anthropic's 400 message when the prepaid balance is gone. */
export const CREDIT_BALANCE_MESSAGE =
  'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.';

/**
 * Renders the faults that replace the answer with an Anthropic error. `request_too_large` → 413
 * `request_too_large`; `quota_exhausted` → 402 `billing_error`; `overloaded` → 529; the rest as named. Returns
 * undefined for faults that shape a 200 answer or the transport (slow, timeout, streams, malformed …).
 *
 * @example
 * errorFault({ kind: 'overloaded' }, { model: 'claude-sonnet-5-5', now: 0 })?.type; // 'overloaded_error'
 */
export function errorFault(
  fault: FaultSpec,
  context: { model: string; now: number },
): FakeErrorAnswer | undefined {
  const kind: FaultKind = fault.kind;
  switch (kind) {
    case 'rate_limit': {
      const waitMs = fault.delayMs ?? 1000;
      return {
        type: 'rate_limit_error',
        message: rateLimitMessage(50, 'requests'),
        headers: {
          'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
          'anthropic-ratelimit-requests-limit': '50',
          'anthropic-ratelimit-requests-remaining': '0',
          'anthropic-ratelimit-requests-reset': rfc3339Seconds(context.now + waitMs),
        },
      };
    }
    case 'quota_exhausted':
      return { type: 'billing_error', message: CREDIT_BALANCE_MESSAGE, headers: {} };
    case 'request_too_large':
      return {
        type: 'request_too_large',
        message: 'Request exceeds the maximum allowed number of bytes.',
        headers: {},
      };
    case 'unauthorized':
      return { type: 'authentication_error', message: 'invalid x-api-key', headers: {} };
    case 'forbidden':
      return {
        type: 'permission_error',
        message: 'Your API key does not have permission to use the specified resource.',
        headers: {},
      };
    case 'not_found':
      return { type: 'not_found_error', message: `model: ${context.model}`, headers: {} };
    case 'bad_request':
      return {
        type: 'invalid_request_error',
        message:
          'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row',
        headers: {},
      };
    case 'context_length':
      return {
        type: 'invalid_request_error',
        message: 'prompt is too long: 215439 tokens > 200000 maximum',
        headers: {},
      };
    case 'server_error':
      return { type: 'api_error', message: 'Internal server error', headers: {} };
    case 'overloaded':
      return { type: 'overloaded_error', message: 'Overloaded', headers: {} };
    default:
      return undefined;
  }
}
