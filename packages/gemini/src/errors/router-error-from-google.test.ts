import { describe, expect, it } from 'vitest';
import { readGoogleError } from './google-error.js';
import { nextPacificMidnight } from './next-pacific-midnight.js';
import { quotaDimension } from './quota-observation.js';
import { routerErrorFromGoogle } from './router-error-from-google.js';
import { scrubKey } from './scrub-key.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0);
const RPC = 'type.googleapis.com/google.rpc';
const body = (code: number, status: string, message: string, details?: unknown[]) => ({
  error: { code, message, status, ...(details ? { details } : {}) },
});
const quota = (quotaId: string, quotaValue: string, retryDelay?: string) => [
  { '@type': `${RPC}.QuotaFailure`, violations: [{ quotaMetric: 'm', quotaId, quotaValue }] },
  ...(retryDelay ? [{ '@type': `${RPC}.RetryInfo`, retryDelay }] : []),
];
const classify = (
  status: number,
  value: unknown,
  extra: { headerRetryAfterMs?: number; estimate?: number } = {},
) =>
  routerErrorFromGoogle(status, value, {
    providerId: 'gemini',
    now: NOW,
    headerRetryAfterMs: extra.headerRetryAfterMs,
    estimateInputTokens: extra.estimate === undefined ? undefined : () => extra.estimate as number,
  });

describe('routerErrorFromGoogle', () => {
  const table: Array<[string, number, unknown, Record<string, unknown>]> = [
    [
      '400 API_KEY_INVALID → authentication',
      400,
      body(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
        { '@type': `${RPC}.ErrorInfo`, reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
      ]),
      {
        category: 'authentication',
        keyEffect: 'invalidate',
        code: 'invalid_api_key',
        upstreamCode: 'INVALID_ARGUMENT',
        status: 400,
      },
    ],
    [
      '400 expired key (message only) → authentication',
      400,
      body(400, 'INVALID_ARGUMENT', 'API key expired. Please renew the API key.'),
      { category: 'authentication', keyEffect: 'invalidate' },
    ],
    [
      '401 UNAUTHENTICATED → authentication',
      401,
      body(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'),
      { category: 'authentication' },
    ],
    [
      '403 missing key → authentication',
      403,
      body(
        403,
        'PERMISSION_DENIED',
        "Method doesn't allow unregistered callers (callers without established identity).",
      ),
      { category: 'authentication' },
    ],
    [
      '403 PERMISSION_DENIED → permission',
      403,
      body(403, 'PERMISSION_DENIED', 'Permission denied.'),
      { category: 'permission', keyEffect: 'invalidate' },
    ],
    [
      '400 FAILED_PRECONDITION location → permission',
      400,
      body(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.'),
      { category: 'permission' },
    ],
    [
      '400 FAILED_PRECONDITION other → validation',
      400,
      body(400, 'FAILED_PRECONDITION', 'Precondition check failed.'),
      { category: 'validation', keyEffect: 'none' },
    ],
    [
      '400 token count → context_length',
      400,
      body(
        400,
        'INVALID_ARGUMENT',
        'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
      ),
      { category: 'context_length', retryable: false },
    ],
    [
      '400 INVALID_ARGUMENT → validation',
      400,
      body(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.'),
      { category: 'validation', retryable: false },
    ],
    [
      '404 NOT_FOUND → not_found',
      404,
      body(404, 'NOT_FOUND', 'models/x is not found for API version v1beta'),
      { category: 'not_found', keyEffect: 'skip' },
    ],
    [
      '500 INTERNAL → provider',
      500,
      body(500, 'INTERNAL', 'An internal error has occurred.'),
      { category: 'provider', keyEffect: 'failure', retryable: true },
    ],
    [
      '503 UNAVAILABLE → provider',
      503,
      body(503, 'UNAVAILABLE', 'The model is overloaded.'),
      { category: 'provider', keyEffect: 'failure' },
    ],
    [
      '504 DEADLINE_EXCEEDED → timeout',
      504,
      body(504, 'DEADLINE_EXCEEDED', 'Deadline expired.'),
      { category: 'timeout', keyEffect: 'failure' },
    ],
    ['502 HTML page → provider', 502, undefined, { category: 'provider', code: 'server_error' }],
    ['413 without body → validation', 413, undefined, { category: 'validation' }],
    [
      '429 per-minute quota → rate_limit, throttled for RetryInfo',
      429,
      body(
        429,
        'RESOURCE_EXHAUSTED',
        'You exceeded your current quota',
        quota('GenerateRequestsPerMinutePerProjectPerModel-FreeTier', '15', '58s'),
      ),
      {
        category: 'rate_limit',
        keyEffect: 'throttle',
        retryAfterMs: 58_000,
        rateLimits: {
          dimensions: [{ dimension: 'requests_per_minute', limit: 15, remaining: 0, resetAt: NOW + 58_000 }],
          retryAfterMs: 58_000,
        },
      },
    ],
    [
      '429 without details → rate_limit',
      429,
      body(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'),
      { category: 'rate_limit', keyEffect: 'throttle', retryAfterMs: undefined },
    ],
    [
      '429 prepayment credits depleted → quota_exhausted',
      429,
      body(
        429,
        'RESOURCE_EXHAUSTED',
        'Your prepayment credits are depleted. Please go to AI Studio to manage your project and billing.',
      ),
      { category: 'quota_exhausted', keyEffect: 'exhaust' },
    ],
  ];
  it.each(table)('%s', (_name, status, value, expected) => {
    expect(classify(status, value)).toMatchObject({ providerId: 'gemini', ...expected });
  });

  it('treats a PerDay quota as exhausted until the next Pacific midnight', () => {
    const error = classify(
      429,
      body(
        429,
        'RESOURCE_EXHAUSTED',
        'quota',
        quota('GenerateRequestsPerDayPerProjectPerModel-FreeTier', '1500', '23s'),
      ),
    );
    const until = nextPacificMidnight(NOW);
    expect(until).toBe(Date.UTC(2026, 0, 2, 8, 0));
    expect(error).toMatchObject({
      category: 'quota_exhausted',
      keyEffect: 'exhaust',
      retryAfterMs: until - NOW,
      rateLimits: {
        exhaustedUntil: until,
        retryAfterMs: until - NOW,
        dimensions: [{ dimension: 'requests_per_day', limit: 1500, remaining: 0, resetAt: until }],
      },
      details: {
        upstreamCode: 'RESOURCE_EXHAUSTED',
        quotaIds: ['GenerateRequestsPerDayPerProjectPerModel-FreeTier'],
      },
    });
  });

  it('skips the key when the prompt alone exceeds the per-minute token quota', () => {
    const value = body(
      429,
      'RESOURCE_EXHAUSTED',
      'quota',
      quota('GenerateContentInputTokensPerModelPerMinute-FreeTier', '1000', '30s'),
    );
    expect(classify(429, value, { estimate: 5000 })).toMatchObject({
      category: 'rate_limit',
      keyEffect: 'skip',
      retryable: true,
      retryAfterMs: undefined,
      details: { tooLarge: true, limit: 1000 },
    });
    expect(classify(429, value, { estimate: 200 })).toMatchObject({
      category: 'rate_limit',
      keyEffect: 'throttle',
      retryAfterMs: 30_000,
    });
    expect(classify(429, value)).toMatchObject({ keyEffect: 'throttle' });
  });

  it('prefers retry-after headers over RetryInfo', () => {
    const value = body(
      429,
      'RESOURCE_EXHAUSTED',
      'quota',
      quota('GenerateRequestsPerMinutePerProjectPerModel', '15', '58s'),
    );
    expect(classify(429, value, { headerRetryAfterMs: 1500 }).retryAfterMs).toBe(1500);
    expect(classify(503, body(503, 'UNAVAILABLE', 'x'), { headerRetryAfterMs: 2000 })).toMatchObject({
      retryAfterMs: 2000,
      rateLimits: { dimensions: [], retryAfterMs: 2000 },
    });
  });

  it('quotes a non-JSON body briefly', () => {
    const error = routerErrorFromGoogle(502, undefined, {
      providerId: 'gemini',
      now: NOW,
      rawText: '<html>Bad Gateway</html>',
    });
    expect(error.message).toBe('Gemini 502: <html>Bad Gateway</html>');
  });
});

describe('readGoogleError', () => {
  it('reads fractional retry delays and the array form', () => {
    const value = [
      body(429, 'RESOURCE_EXHAUSTED', 'q', [{ '@type': `${RPC}.RetryInfo`, retryDelay: '1.5s' }]),
    ];
    expect(readGoogleError(value)).toMatchObject({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      retryDelayMs: 1500,
      violations: [],
    });
  });

  it('ignores malformed details and non-error bodies', () => {
    expect(
      readGoogleError({
        error: { code: 'x', details: [null, 5, { '@type': `${RPC}.RetryInfo`, retryDelay: 'soon' }] },
      }),
    ).toEqual({
      code: undefined,
      message: undefined,
      status: undefined,
      violations: [],
    });
    expect(readGoogleError({ candidates: [] })).toBeUndefined();
    expect(readGoogleError('oops')).toBeUndefined();
  });
});

describe('quotaDimension', () => {
  const cases: Array<[string | undefined, string | undefined]> = [
    ['GenerateRequestsPerMinutePerProjectPerModel-FreeTier', 'requests_per_minute'],
    ['GenerateRequestsPerDayPerProjectPerModel-FreeTier', 'requests_per_day'],
    ['GenerateContentInputTokensPerModelPerMinute-FreeTier', 'input_tokens_per_minute'],
    ['GenerateContentTokensPerModelPerMinute', 'tokens_per_minute'],
    ['GenerateContentInputTokensPerModelPerDay-FreeTier', 'tokens_per_day'],
    ['SomethingElse', undefined],
    [undefined, undefined],
  ];
  it.each(cases)('%s → %s', (id, expected) => {
    expect(quotaDimension(id)).toBe(expected);
  });
});

describe('scrubKey', () => {
  it('removes every occurrence of the key and leaves other text alone', () => {
    expect(scrubKey('a KEY-12345 b KEY-12345', 'KEY-12345')).toBe('a [redacted] b [redacted]');
    expect(scrubKey('nothing here', 'KEY-12345')).toBe('nothing here');
    expect(scrubKey('text', '')).toBe('text');
  });
});
