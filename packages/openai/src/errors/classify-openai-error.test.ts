import { describe, expect, it } from 'vitest';
import { classifyOpenAIError, type OpenAIFailure } from './classify-openai-error.js';

const NOW = 1_000_000;
const err = (message: string, type: string | null, code: string | null) => ({
  error: { message, type, param: null, code },
});

describe('classifyOpenAIError', () => {
  it.each<[string, OpenAIFailure, Record<string, unknown>]>([
    [
      '429 rate_limit_exceeded → throttle with the message hint',
      {
        status: 429,
        body: err(
          'Rate limit reached for gpt-4o on tokens per min (TPM): Limit 30000, Used 29000, Requested 1500. Please try again in 1.146s. Visit …',
          'tokens',
          'rate_limit_exceeded',
        ),
      },
      {
        category: 'rate_limit',
        keyEffect: 'throttle',
        retryable: true,
        retryAfterMs: 1146,
        code: 'rate_limit_exceeded',
      },
    ],
    [
      '429 with retry-after header beats the hint',
      {
        status: 429,
        headers: new Headers({ 'retry-after': '3' }),
        body: err('Please try again in 1.146s.', 'requests', 'rate_limit_exceeded'),
      },
      { category: 'rate_limit', retryAfterMs: 3000 },
    ],
    [
      '429 insufficient_quota → exhaust',
      {
        status: 429,
        body: err(
          'You exceeded your current quota, please check your plan and billing details.',
          'insufficient_quota',
          'insufficient_quota',
        ),
      },
      { category: 'quota_exhausted', keyEffect: 'exhaust', retryable: true, code: 'insufficient_quota' },
    ],
    [
      '429 Request too large → skip this key, no wait',
      {
        status: 429,
        headers: new Headers({ 'retry-after': '1' }),
        body: err(
          'Request too large for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Requested 34307.',
          'tokens',
          'rate_limit_exceeded',
        ),
      },
      {
        category: 'rate_limit',
        keyEffect: 'skip',
        retryable: true,
        retryAfterMs: undefined,
        details: { type: 'tokens', limit: 30000, requested: 34307 },
      },
    ],
    [
      '429 per-day limit → exhausted until the reset',
      {
        status: 429,
        body: err(
          'Rate limit reached for gpt-4o on requests per day (RPD): Limit 200, Used 200, Requested 1. Please try again in 7m12s.',
          'requests',
          'rate_limit_exceeded',
        ),
      },
      {
        category: 'quota_exhausted',
        keyEffect: 'exhaust',
        retryAfterMs: 432_000,
        rateLimits: { dimensions: [], exhaustedUntil: NOW + 432_000 },
      },
    ],
    [
      'Azure 429 with "retry after N seconds"',
      {
        status: 429,
        body: {
          error: { code: '429', message: 'Requests … Please retry after 6 seconds. Please go here …' },
        },
      },
      { category: 'rate_limit', retryAfterMs: 6000, code: 'rate_limit_exceeded', upstreamCode: '429' },
    ],
    [
      '400 context_length_exceeded',
      {
        status: 400,
        body: err(
          "This model's maximum context length is 128000 tokens.",
          'invalid_request_error',
          'context_length_exceeded',
        ),
      },
      { category: 'context_length', keyEffect: 'none', retryable: false },
    ],
    [
      '400 context message without the code',
      {
        status: 400,
        body: err("This model's maximum context length is 8192 tokens.", 'invalid_request_error', null),
      },
      {
        category: 'context_length',
        code: 'context_length_exceeded',
        upstreamCode: 'invalid_request_error',
      },
    ],
    [
      '400 other → validation',
      { status: 400, body: err('bad temperature', 'invalid_request_error', null) },
      { category: 'validation', keyEffect: 'none' },
    ],
    [
      '400 content policy',
      {
        status: 400,
        body: err(
          'Your request was rejected by the safety system.',
          'invalid_request_error',
          'content_policy_violation',
        ),
      },
      { category: 'content_filter' },
    ],
    [
      '401',
      { status: 401, body: err('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key') },
      { category: 'authentication', keyEffect: 'invalidate' },
    ],
    [
      '402 → quota',
      { status: 402, body: { detail: 'Payment required' } },
      {
        category: 'quota_exhausted',
        keyEffect: 'exhaust',
        code: 'insufficient_quota',
        upstreamCode: undefined,
      },
    ],
    [
      '403',
      {
        status: 403,
        body: err('Country not supported', 'request_forbidden', 'unsupported_country_region_territory'),
      },
      { category: 'permission', keyEffect: 'invalidate' },
    ],
    [
      '404 model_not_found',
      { status: 404, body: err('The model does not exist', 'invalid_request_error', 'model_not_found') },
      { category: 'not_found', keyEffect: 'skip' },
    ],
    ['408', { status: 408, text: 'timeout' }, { category: 'timeout', code: 'upstream_timeout' }],
    [
      '409',
      { status: 409, body: err('conflict', null, null) },
      { category: 'provider', keyEffect: 'failure' },
    ],
    [
      '500',
      { status: 500, body: err('The server had an error', 'server_error', null) },
      { category: 'provider', code: 'server_error', upstreamCode: 'server_error' },
    ],
    [
      '502 HTML body',
      { status: 502, text: '<html>Bad gateway</html>' },
      { category: 'provider', code: 'server_error', message: 'openai 502: <html>Bad gateway</html>' },
    ],
    [
      '503 overloaded',
      { status: 503, body: err('The engine is currently overloaded', 'server_error', null) },
      { category: 'provider', retryable: true, code: 'overloaded' },
    ],
    [
      'x-should-retry: true upgrades a non-retryable',
      {
        status: 400,
        headers: new Headers({ 'x-should-retry': 'true' }),
        body: err('x', 'invalid_request_error', null),
      },
      { category: 'validation', retryable: true },
    ],
    [
      'stream error event: server_error',
      { body: err('The server had an error', 'server_error', null) },
      { category: 'provider', status: undefined, code: 'upstream_error', upstreamCode: 'server_error' },
    ],
    [
      'stream error event: rate limit',
      { body: err('Please try again in 20ms', 'tokens', 'rate_limit_exceeded') },
      { category: 'rate_limit', retryAfterMs: 20 },
    ],
    [
      'stream error event: invalid request',
      { body: err('bad', 'invalid_request_error', null) },
      { category: 'validation' },
    ],
    [
      'compatible server {"error": "text"}',
      { status: 400, body: { error: 'model is required' } },
      { category: 'validation', message: 'openai 400: model is required' },
    ],
    [
      'vLLM {"object":"error"}',
      {
        status: 404,
        body: { object: 'error', message: 'The model `x` does not exist.', type: 'NotFoundError', code: 404 },
      },
      { category: 'not_found', code: 'model_not_found', upstreamCode: '404' },
    ],
  ])('%s', (_name, failure, expected) => {
    expect(classifyOpenAIError(failure, { providerId: 'openai', now: NOW })).toMatchObject(expected);
  });

  it('keeps type and param in details and the failed response rate limits', () => {
    const error = classifyOpenAIError(
      {
        status: 400,
        headers: new Headers({ 'x-ratelimit-remaining-requests': '5' }),
        body: { error: { message: 'bad', type: 'invalid_request_error', param: 'temperature', code: null } },
      },
      { providerId: 'openai', now: NOW },
    );
    expect(error.details).toEqual({
      type: 'invalid_request_error',
      param: 'temperature',
      upstreamCode: 'invalid_request_error',
    });
    expect(error.rateLimits?.dimensions).toEqual([{ dimension: 'requests_per_minute', remaining: 5 }]);
  });

  it('scrubs the key from the message', () => {
    const apiKey = 'sk-proj-abcdefghijklmnop1234';
    const error = classifyOpenAIError(
      {
        status: 401,
        body: err(`Incorrect API key provided: ${apiKey}.`, 'invalid_request_error', 'invalid_api_key'),
      },
      { providerId: 'openai', now: NOW, apiKey },
    );
    expect(error.message).toBe('openai 401: Incorrect API key provided: [redacted].');
  });
});
