import type { ErrorCategory, KeyEffect } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { ollamaError } from './ollama-error.js';
import { errorField, readErrorMessage } from './read-error-message.js';

const NOW = 1_700_000_000_000;

describe('ollamaError classification', () => {
  it.each<[number | undefined, string, ErrorCategory, string, KeyEffect, boolean]>([
    [404, "model 'llama9' not found, try pulling it first", 'not_found', 'model_not_found', 'skip', true],
    [404, 'model "llama9" not found, try pulling it first', 'not_found', 'model_not_found', 'skip', true],
    [404, '404 page not found', 'not_found', 'model_not_found', 'skip', true],
    [400, 'invalid format: expected "json" or a JSON schema', 'validation', 'invalid_request', 'none', false],
    [
      400,
      'the input length exceeds the context length',
      'context_length',
      'context_length_exceeded',
      'none',
      false,
    ],
    [500, 'llama runner process has terminated: exit status 2', 'provider', 'server_error', 'failure', true],
    [500, 'context window exceeded', 'context_length', 'context_length_exceeded', 'none', false],
    [
      503,
      'server busy, please try again.  maximum pending requests exceeded',
      'provider',
      'service_unavailable',
      'failure',
      true,
    ],
    [502, 'Bad Gateway', 'provider', 'server_error', 'failure', true],
    [504, 'Gateway Timeout', 'timeout', 'upstream_timeout', 'failure', true],
    [401, 'unauthorized', 'authentication', 'invalid_api_key', 'invalidate', true],
    [403, 'forbidden', 'permission', 'permission_denied', 'invalidate', true],
    [429, 'rate limit exceeded, retry in 2s', 'rate_limit', 'rate_limit_exceeded', 'throttle', true],
    [429, 'usage limit reached: quota exhausted', 'quota_exhausted', 'insufficient_quota', 'exhaust', true],
    [
      429,
      'daily quota exceeded: requests per day limit 5',
      'quota_exhausted',
      'insufficient_quota',
      'exhaust',
      true,
    ],
    [
      429,
      'request too large for tokens per minute: limit 10, requested 50',
      'rate_limit',
      'request_too_large',
      'skip',
      true,
    ],
    [
      undefined,
      'an error was encountered while running the model: unexpected EOF',
      'provider',
      'upstream_error',
      'failure',
      true,
    ],
    [
      undefined,
      'the input length exceeds the context length',
      'context_length',
      'context_length_exceeded',
      'none',
      false,
    ],
  ])('%s %s → %s', (status, message, category, code, keyEffect, retryable) => {
    const error = ollamaError({ providerId: 'ollama', status, message, now: NOW });
    expect([error.category, error.code, error.keyEffect, error.retryable, error.status]).toEqual([
      category,
      code,
      keyEffect,
      retryable,
      status,
    ]);
    expect(error.providerId).toBe('ollama');
    expect(error.message).toContain(message);
  });

  it('takes the wait from retry-after-ms, then retry-after, then the message', () => {
    const msg = 'rate limit exceeded, retry in 1.5s';
    const both = ollamaError({
      providerId: 'ollama',
      status: 429,
      message: msg,
      headers: new Headers({ 'retry-after-ms': '250', 'retry-after': '3' }),
      now: NOW,
    });
    expect(both.retryAfterMs).toBe(250);
    expect(both.rateLimits).toEqual({ dimensions: [], retryAfterMs: 250 });
    const seconds = ollamaError({
      providerId: 'ollama',
      status: 429,
      message: msg,
      headers: new Headers({ 'retry-after': '3' }),
      now: NOW,
    });
    expect(seconds.retryAfterMs).toBe(3000);
    const hint = ollamaError({
      providerId: 'ollama',
      status: 429,
      message: msg,
      headers: new Headers(),
      now: NOW,
    });
    expect(hint.retryAfterMs).toBe(1500);
    const none = ollamaError({ providerId: 'ollama', status: 429, message: 'slow down', now: NOW });
    expect(none.retryAfterMs).toBeUndefined();
  });

  it('marks period quotas exhausted until the announced reset', () => {
    const error = ollamaError({
      providerId: 'ollama',
      status: 429,
      message: 'daily quota exceeded, resets in 3600s',
      headers: new Headers({ 'retry-after': '3600' }),
      now: NOW,
    });
    expect(error.rateLimits).toEqual({
      dimensions: [],
      retryAfterMs: 3_600_000,
      exhaustedUntil: NOW + 3_600_000,
    });
    const billing = ollamaError({
      providerId: 'ollama',
      status: 429,
      message: 'billing: insufficient credit',
      now: NOW,
    });
    expect([billing.category, billing.rateLimits?.exhaustedUntil]).toEqual(['quota_exhausted', undefined]);
  });

  it('scrubs the key from the message and the serialised error', () => {
    const key = 'sk-canary-abcdef0123456789';
    const error = ollamaError({
      providerId: 'ollama',
      status: 401,
      message: `invalid key ${key} (sk-can****6789)`,
      now: NOW,
      apiKey: key,
    });
    const text = `${error.message} ${JSON.stringify(error)} ${String(error)}`;
    expect(text).not.toContain(key);
    expect(text).not.toContain('sk-can****6789');
    expect(error.message).toContain('[redacted]');
  });
});

describe('readErrorMessage', () => {
  it.each([
    ['{"error":"model \'x\' not found"}', 404, "model 'x' not found"],
    ['{"error":{"message":"proxy says no","type":"auth"}}', 401, 'proxy says no'],
    ['404 page not found\n', 404, '404 page not found'],
    ['', 502, 'HTTP 502'],
    ['{"error":42}', 500, '{"error":42}'],
  ])('%s → %s', (text, status, expected) => {
    expect(readErrorMessage(text, status)).toBe(expected);
  });

  it('truncates huge bodies such as HTML error pages', () => {
    expect(readErrorMessage('<html>'.repeat(500), 502).length).toBeLessThanOrEqual(501);
  });

  it('errorField reads only error bodies', () => {
    expect(errorField({ error: 'x' })).toBe('x');
    expect(errorField({ message: { content: 'x' } })).toBeUndefined();
    expect(errorField(null)).toBeUndefined();
  });
});
