import type { AdapterStreamPart } from '@apikeyrouter/provider';
import type { FaultKind } from '@apikeyrouter/testkit';
import { type OpenAIFakeProvider, routerErrorOf, startOpenAIFakeServer } from '@apikeyrouter/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAIAdapter } from './openai-adapter.js';
import { collect, KEY, makeCall, textOf } from './openai-adapter.test-helpers.js';

let fake: OpenAIFakeProvider;
let adapter: OpenAIAdapter;

beforeAll(async () => {
  fake = await startOpenAIFakeServer({ keys: { [KEY]: { rpm: 100, tpm: 30_000 } }, models: ['gpt-4o-mini'] });
  adapter = new OpenAIAdapter({ baseURL: `${fake.url}/v1` });
});
afterAll(() => fake.close());
beforeEach(() => fake.faults.clear());

interface Expected {
  category: string;
  status?: number;
  code?: string;
  upstreamCode?: string;
  keyEffect: string;
  retryable: boolean;
  retryAfterMs?: number;
}

/** Every fault that is an HTTP error, for execute and stream (before the first chunk). */
const HTTP_FAULTS: Array<[FaultKind, Expected]> = [
  [
    'rate_limit',
    {
      category: 'rate_limit',
      status: 429,
      code: 'rate_limit_exceeded',
      keyEffect: 'throttle',
      retryable: true,
      retryAfterMs: 2000,
    },
  ],
  [
    'quota_exhausted',
    {
      category: 'quota_exhausted',
      status: 429,
      code: 'insufficient_quota',
      keyEffect: 'exhaust',
      retryable: true,
    },
  ],
  [
    'request_too_large',
    { category: 'rate_limit', status: 429, code: 'request_too_large', keyEffect: 'skip', retryable: true },
  ],
  [
    'unauthorized',
    {
      category: 'authentication',
      status: 401,
      code: 'invalid_api_key',
      keyEffect: 'invalidate',
      retryable: true,
    },
  ],
  [
    'forbidden',
    {
      category: 'permission',
      status: 403,
      code: 'permission_denied',
      upstreamCode: 'unsupported_country_region_territory',
      keyEffect: 'invalidate',
      retryable: true,
    },
  ],
  [
    'not_found',
    { category: 'not_found', status: 404, code: 'model_not_found', keyEffect: 'skip', retryable: true },
  ],
  [
    'bad_request',
    {
      category: 'validation',
      status: 400,
      code: 'invalid_request',
      upstreamCode: 'invalid_request_error',
      keyEffect: 'none',
      retryable: false,
    },
  ],
  [
    'context_length',
    {
      category: 'context_length',
      status: 400,
      code: 'context_length_exceeded',
      keyEffect: 'none',
      retryable: false,
    },
  ],
  [
    'server_error',
    { category: 'provider', status: 500, code: 'server_error', keyEffect: 'failure', retryable: true },
  ],
  [
    'overloaded',
    { category: 'provider', status: 503, code: 'overloaded', keyEffect: 'failure', retryable: true },
  ],
  ['connection_reset', { category: 'network', keyEffect: 'failure', retryable: true }],
];

describe('HTTP error faults', () => {
  it.each(HTTP_FAULTS)('execute: %s', async (kind, expected) => {
    fake.faults.add({ kind });
    const error = await routerErrorOf(() => adapter.execute(makeCall({})));
    expect(error).toMatchObject({ ...expected, providerId: 'openai' });
    if (expected.retryAfterMs === undefined) expect(error.retryAfterMs).toBeUndefined();
  });

  it.each(HTTP_FAULTS)('stream rejects before the first chunk: %s', async (kind, expected) => {
    fake.faults.add({ kind, stream: true });
    const error = await routerErrorOf(() => adapter.stream(makeCall({})));
    expect(error).toMatchObject(expected);
  });

  it('carries the failed response rate-limit headers and the message hint', async () => {
    fake.faults.add({ kind: 'rate_limit', delayMs: 1146 });
    const error = await routerErrorOf(() => adapter.execute(makeCall({})));
    expect(error.rateLimits?.retryAfterMs).toBe(2000);
    expect(error.rateLimits?.dimensions.map((d) => d.dimension)).toEqual([
      'requests_per_minute',
      'tokens_per_minute',
    ]);
    expect(error.message).toContain('Please try again in 1.146s');
  });

  it('maps a model the server does not serve to not_found', async () => {
    const error = await routerErrorOf(() => adapter.execute(makeCall({ model: 'gpt-nope' })));
    expect(error).toMatchObject({ category: 'not_found', code: 'model_not_found', status: 404 });
  });
});

describe('faults after HTTP 200', () => {
  it('content_filter finishes with content_filter (execute and stream)', async () => {
    fake.faults.add({ kind: 'content_filter', times: 2 });
    const res = await adapter.execute(makeCall({}));
    expect(res.finishReason).toBe('content_filter');
    const parts = await collect((await adapter.stream(makeCall({}))).parts);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'content_filter' });
  });

  it('slow answers still arrive', async () => {
    fake.faults.add({ kind: 'slow', delayMs: 20 });
    expect((await adapter.execute(makeCall({}))).message.content).toBe('echo: hello there');
  });

  it('malformed_json: a non-JSON 200 body is a provider error', async () => {
    fake.faults.add({ kind: 'malformed_json', stream: false });
    expect(await routerErrorOf(() => adapter.execute(makeCall({})))).toMatchObject({
      category: 'provider',
      code: 'malformed_response',
      keyEffect: 'failure',
    });
  });

  it('malformed_json in a stream is thrown from the iterator', async () => {
    fake.faults.add({ kind: 'malformed_json', stream: true });
    const stream = await adapter.stream(makeCall({}));
    const error = await routerErrorOf(() => collect(stream.parts));
    expect(error).toMatchObject({ category: 'provider', code: 'malformed_stream' });
  });

  it('stream_cut: text arrives, then the missing [DONE] is a network error', async () => {
    fake.faults.add({ kind: 'stream_cut', stream: true });
    const stream = await adapter.stream(makeCall({}));
    const seen: string[] = [];
    const error = await routerErrorOf(async () => {
      for await (const part of stream.parts) if (part.type === 'text-delta') seen.push(part.text);
    });
    expect(seen.join('')).not.toBe('');
    expect(error).toMatchObject({ category: 'network', keyEffect: 'failure', retryable: true });
  });

  it('stream_cut on a JSON answer is a network error', async () => {
    fake.faults.add({ kind: 'stream_cut', stream: false });
    const error = await routerErrorOf(() => adapter.execute(makeCall({})));
    expect(error.category).toBe('network');
  });

  it('error_after_200: the error event is classified after the text before it', async () => {
    fake.faults.add({ kind: 'error_after_200', stream: true });
    const stream = await adapter.stream(makeCall({}));
    const parts: AdapterStreamPart[] = [];
    const error = await routerErrorOf(async () => {
      for await (const part of stream.parts) parts.push(part);
    });
    expect(textOf(parts)).toBe('echo: he');
    expect(error).toMatchObject({
      category: 'provider',
      code: 'upstream_error',
      upstreamCode: 'server_error',
      status: undefined,
    });
  });

  it('error_after_200 on a JSON answer (200 with an error body) is classified', async () => {
    fake.faults.add({ kind: 'error_after_200', stream: false });
    const error = await routerErrorOf(() => adapter.execute(makeCall({})));
    expect(error).toMatchObject({
      category: 'provider',
      code: 'upstream_error',
      upstreamCode: 'server_error',
      status: 200,
    });
  });

  it('a stream that completes still yields all text after earlier faults are spent', async () => {
    const parts = await collect((await adapter.stream(makeCall({}))).parts);
    expect(textOf(parts)).toBe('echo: hello there');
  });
});
