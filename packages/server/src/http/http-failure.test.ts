import { classifyAnthropicError } from '@apikeyrouter/anthropic';
import { ERROR_CATEGORIES, RouterError } from '@apikeyrouter/core';
import { routerErrorFromGoogle } from '@apikeyrouter/gemini';
import { describe, expect, it } from 'vitest';
import { toHttpFailure } from './http-failure.js';

describe('toHttpFailure', () => {
  it('maps every router error category to a documented non-500 status', () => {
    for (const category of ERROR_CATEGORIES) {
      const failure = toHttpFailure(new RouterError(category, `failed: ${category}`));
      expect(failure.status, category).not.toBe(500);
      expect(failure.status, category).toBeGreaterThanOrEqual(400);
    }
  });

  it('gives retry-after to rate limits and hides unknown failures behind a generic 500', () => {
    expect(toHttpFailure(new RouterError('rate_limit', 'slow', { retryAfterMs: 1500 })).retryAfterMs).toBe(
      1500,
    );
    const bug = toHttpFailure(new TypeError('secret detail sk-123456'));
    expect(bug.status).toBe(500);
    expect(bug.message).not.toContain('sk-123456');
  });

  it("sends the router's canonical code, never a provider's own, for upstream errors", () => {
    const context = { providerId: 'anthropic', now: 0, status: 400 };
    const invalid = classifyAnthropicError({ type: 'invalid_request_error', message: 'bad' }, context);
    expect([toHttpFailure(invalid).status, toHttpFailure(invalid).code]).toEqual([400, 'invalid_request']);
    const tooLong = classifyAnthropicError(
      { type: 'invalid_request_error', message: 'prompt is too long: 215439 tokens > 200000 maximum' },
      context,
    );
    expect(toHttpFailure(tooLong).code).toBe('context_length_exceeded');
    const broke = classifyAnthropicError(
      { type: 'invalid_request_error', message: 'Your credit balance is too low to access the API' },
      context,
    );
    expect([toHttpFailure(broke).status, toHttpFailure(broke).code]).toEqual([429, 'insufficient_quota']);
    const gemini = routerErrorFromGoogle(
      400,
      { error: { code: 400, status: 'INVALID_ARGUMENT', message: 'bad field' } },
      { providerId: 'gemini', now: 0 },
    );
    expect([gemini.upstreamCode, toHttpFailure(gemini).code]).toEqual([
      'INVALID_ARGUMENT',
      'invalid_request',
    ]);
  });
});
