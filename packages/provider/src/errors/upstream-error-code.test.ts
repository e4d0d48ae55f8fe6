import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeError } from '../guard/sanitize-error.js';
import { SecretScrubber } from '../secrets/secret-scrubber.js';
import { ERROR_CATEGORIES } from './error-category.js';
import { RouterError } from './router-error.js';
import { upstreamError } from './upstream-error.js';
import { UPSTREAM_ERROR_CODES, upstreamErrorCode } from './upstream-error-code.js';

describe('upstreamErrorCode', () => {
  it.each([
    [{ category: 'validation', status: 400 }, 'invalid_request'],
    [{ category: 'context_length', status: 400 }, 'context_length_exceeded'],
    [{ category: 'content_filter', status: 400 }, 'content_filter'],
    [{ category: 'authentication', status: 401 }, 'invalid_api_key'],
    [{ category: 'permission', status: 403 }, 'permission_denied'],
    [{ category: 'not_found', status: 404 }, 'model_not_found'],
    [{ category: 'timeout', status: 408 }, 'upstream_timeout'],
    [{ category: 'rate_limit', status: 429 }, 'rate_limit_exceeded'],
    [{ category: 'rate_limit', status: 413, keyEffect: 'skip' }, 'request_too_large'],
    [{ category: 'quota_exhausted', status: 400 }, 'insufficient_quota'],
    [{ category: 'provider', status: 500 }, 'server_error'],
    [{ category: 'provider', status: 502 }, 'server_error'],
    [{ category: 'provider', status: 503 }, 'service_unavailable'],
    [{ category: 'provider', status: 503, overloaded: true }, 'overloaded'],
    [{ category: 'provider', status: 529 }, 'overloaded'],
    [{ category: 'provider', overloaded: true }, 'overloaded'],
    [{ category: 'provider', status: 200 }, 'upstream_error'],
    [{ category: 'provider' }, 'upstream_error'],
    [{ category: 'provider', status: 409 }, 'upstream_error'],
  ] as const)('%o → %s', (verdict, code) => {
    expect(upstreamErrorCode(verdict)).toBe(code);
  });

  it('gives every category and status one of the documented codes', () => {
    const codes = new Set<string>(Object.values(UPSTREAM_ERROR_CODES));
    fc.assert(
      fc.property(
        fc.constantFrom(...ERROR_CATEGORIES),
        fc.option(fc.integer({ min: 100, max: 999 }), { nil: undefined }),
        fc.boolean(),
        (category, status, overloaded) => {
          expect(codes.has(upstreamErrorCode({ category, status, overloaded }))).toBe(true);
        },
      ),
    );
  });
});

describe('upstreamError', () => {
  it('sets the canonical code and keeps the upstream code apart, in details', () => {
    const error = upstreamError({ category: 'rate_limit', status: 429 }, 'slow down', {
      providerId: 'anthropic',
      upstreamCode: 'rate_limit_error',
      details: { requestId: 'req_1' },
    });
    expect([error.code, error.upstreamCode, error.status, error.keyEffect]).toEqual([
      'rate_limit_exceeded',
      'rate_limit_error',
      429,
      'throttle',
    ]);
    expect(error.toJSON().details).toEqual({ requestId: 'req_1', upstreamCode: 'rate_limit_error' });
    // A copy built from the public fields (as the router does) keeps it.
    const copy = new RouterError(error.category, error.message, { code: error.code, details: error.details });
    expect(copy.upstreamCode).toBe('rate_limit_error');
  });

  it('an upstream code echoing the key is scrubbed at the boundary', () => {
    const key = 'sk-canary-9f8e7d6c5b4a3928';
    const error = upstreamError({ category: 'rate_limit', status: 429 }, 'slow', { upstreamCode: key });
    sanitizeError(error, new SecretScrubber([key]), 0);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.upstreamCode).toBe('[redacted]');
    expect(JSON.stringify(error)).not.toContain(key.slice(3, 11));
  });

  it('has no upstream code when the provider sent none', () => {
    expect(upstreamError({ category: 'provider', status: 500 }, 'x').upstreamCode).toBeUndefined();
    expect(upstreamError({ category: 'provider', status: 500 }, 'x').details).toBeUndefined();
  });
});
