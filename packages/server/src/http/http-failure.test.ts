import { ERROR_CATEGORIES, RouterError } from '@apikeyrouter/core';
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
});
