import type { ErrorCategory, KeyEffect } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { parseAnthropicErrorText, readAnthropicError } from './anthropic-error-body.js';
import { classifyAnthropicError } from './classify-anthropic-error.js';
import { scrubSecret } from './scrub-secret.js';
import { usageLimitResetAt } from './usage-limit-reset.js';

const NOW = Date.UTC(2026, 0, 1);
const context = (status: number | undefined, headers: Record<string, string> = {}) => ({
  providerId: 'anthropic',
  now: NOW,
  status,
  headers: new Headers(headers),
});

type Row = [number, string, string, ErrorCategory, KeyEffect, boolean, string];

describe('classifyAnthropicError', () => {
  it.each<Row>([
    [
      400,
      'invalid_request_error',
      'max_tokens: Field required',
      'validation',
      'none',
      false,
      'invalid_request',
    ],
    [
      400,
      'invalid_request_error',
      'prompt is too long: 215439 tokens > 200000 maximum',
      'context_length',
      'none',
      false,
      'context_length_exceeded',
    ],
    [
      400,
      'invalid_request_error',
      'input length and `max_tokens` exceed context limit: 198000 + 8192 > 200000',
      'context_length',
      'none',
      false,
      'context_length_exceeded',
    ],
    [
      400,
      'invalid_request_error',
      'Your credit balance is too low to access the Anthropic API.',
      'quota_exhausted',
      'exhaust',
      true,
      'insufficient_quota',
    ],
    [
      401,
      'authentication_error',
      'invalid x-api-key',
      'authentication',
      'invalidate',
      true,
      'invalid_api_key',
    ],
    [
      402,
      'billing_error',
      'Your credit balance is too low',
      'quota_exhausted',
      'exhaust',
      true,
      'insufficient_quota',
    ],
    [403, 'permission_error', 'not allowed', 'permission', 'invalidate', true, 'permission_denied'],
    [404, 'not_found_error', 'model: claude-9', 'not_found', 'skip', true, 'model_not_found'],
    [
      413,
      'request_too_large',
      'Request exceeds the maximum allowed number of bytes.',
      'rate_limit',
      'skip',
      true,
      'request_too_large',
    ],
    [
      429,
      'rate_limit_error',
      'This request would exceed the rate limit',
      'rate_limit',
      'throttle',
      true,
      'rate_limit_exceeded',
    ],
    [500, 'api_error', 'Internal server error', 'provider', 'failure', true, 'server_error'],
    [529, 'overloaded_error', 'Overloaded', 'provider', 'failure', true, 'overloaded'],
    [504, 'timeout_error', 'Request timed out', 'timeout', 'failure', true, 'upstream_timeout'],
  ])('%i %s (%s) → %s/%s', (status, type, message, category, keyEffect, retryable, code) => {
    const error = classifyAnthropicError({ type, message, requestId: 'req_1' }, context(status));
    expect(error).toMatchObject({
      category,
      keyEffect,
      retryable,
      status,
      code,
      upstreamCode: type,
      providerId: 'anthropic',
    });
    expect(error.message).toContain(message);
    expect(error.details).toEqual({ upstreamCode: type, requestId: 'req_1' });
  });

  it.each<[number, ErrorCategory, KeyEffect]>([
    [400, 'validation', 'none'],
    [401, 'authentication', 'invalidate'],
    [408, 'timeout', 'failure'],
    [413, 'rate_limit', 'skip'],
    [429, 'rate_limit', 'throttle'],
    [502, 'provider', 'failure'],
    [529, 'provider', 'failure'],
  ])('falls back to the status without a body: %i', (status, category, keyEffect) => {
    expect(classifyAnthropicError({}, context(status))).toMatchObject({ category, keyEffect, status });
  });

  it('takes retry-after first, then the reset of the exhausted dimension', () => {
    const withRetry = classifyAnthropicError(
      { type: 'rate_limit_error', message: 'slow' },
      context(429, { 'retry-after': '3', 'anthropic-ratelimit-requests-remaining': '0' }),
    );
    expect(withRetry.retryAfterMs).toBe(3000);
    expect(withRetry.rateLimits).toEqual({
      dimensions: [{ dimension: 'requests_per_minute', remaining: 0 }],
      retryAfterMs: 3000,
    });
    const fromReset = classifyAnthropicError(
      { type: 'rate_limit_error', message: 'slow' },
      context(429, {
        'anthropic-ratelimit-tokens-remaining': '0',
        'anthropic-ratelimit-tokens-reset': '2026-01-01T00:00:12Z',
      }),
    );
    expect(fromReset.retryAfterMs).toBe(12_000);
  });

  it('reads the usage-limit date as exhaustedUntil', () => {
    const error = classifyAnthropicError(
      {
        type: 'invalid_request_error',
        message:
          'You have reached your specified API usage limits. You will regain access on 2026-02-01 at 00:00 UTC.',
      },
      context(400),
    );
    expect(error).toMatchObject({ category: 'quota_exhausted', keyEffect: 'exhaust' });
    expect(error.rateLimits?.exhaustedUntil).toBe(Date.UTC(2026, 1, 1));
    expect(error.retryAfterMs).toBe(Date.UTC(2026, 1, 1) - NOW);
  });

  it('handles stream errors without status or headers', () => {
    const error = classifyAnthropicError(
      { type: 'overloaded_error', message: 'Overloaded' },
      {
        providerId: 'anthropic',
        now: NOW,
      },
    );
    expect(error).toMatchObject({ category: 'provider', status: undefined, rateLimits: undefined });
    expect(classifyAnthropicError({}, { providerId: 'p', now: NOW }).category).toBe('provider');
  });

  it('scrubs the key from the message', () => {
    const secret = 'sk-ant-api03-CANARY-0123456789';
    const error = classifyAnthropicError(
      { type: 'authentication_error', message: `invalid x-api-key ${secret}` },
      { ...context(401), secret },
    );
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(error.stack ?? '').not.toContain(secret);
  });
});

describe('error body helpers', () => {
  it('reads Anthropic bodies and tolerates anything else', () => {
    expect(
      parseAnthropicErrorText(
        '{"type":"error","error":{"type":"api_error","message":"boom"},"request_id":"req_9"}',
      ),
    ).toEqual({ type: 'api_error', message: 'boom', requestId: 'req_9' });
    expect(parseAnthropicErrorText('<html>bad gateway</html>')).toEqual({
      message: '<html>bad gateway</html>',
    });
    expect(parseAnthropicErrorText('')).toEqual({});
    expect(readAnthropicError({ error: 'plain' })).toEqual({ message: 'plain' });
    expect(readAnthropicError([1])).toEqual({});
  });

  it('scrubs the given secret and anything shaped like an Anthropic key', () => {
    expect(scrubSecret('key abc123 here', 'abc123')).toBe('key [redacted] here');
    expect(scrubSecret('other sk-ant-api03-zzzzzzzz leaked')).toBe('other [redacted] leaked');
    expect(scrubSecret('nothing', '')).toBe('nothing');
  });

  it('reads usage-limit dates', () => {
    expect(usageLimitResetAt('You will regain access on 2026-03-05 at 13:30 UTC.')).toBe(
      Date.UTC(2026, 2, 5, 13, 30),
    );
    expect(usageLimitResetAt('regain access on 2026-03-05')).toBe(Date.UTC(2026, 2, 5));
    expect(usageLimitResetAt('no date here')).toBeUndefined();
    expect(usageLimitResetAt('regain access on 2026-13-45 at 99:99 UTC')).toBeUndefined();
  });
});
