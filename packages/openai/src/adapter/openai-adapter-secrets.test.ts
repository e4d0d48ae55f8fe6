import { SystemClock } from '@apikeyrouter/core';
import type { RouterError } from '@apikeyrouter/provider';
import { type OpenAIFakeProvider, routerErrorOf, startOpenAIFakeServer } from '@apikeyrouter/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIAdapter } from './openai-adapter.js';
import { CANARY, KEY, makeCall } from './openai-adapter.test-helpers.js';

/** Everything an error exposes: message, stack, JSON, details and rate limits. */
function exposed(error: RouterError): string {
  return [
    error.message,
    error.stack,
    JSON.stringify(error),
    JSON.stringify(error.details),
    String(error),
  ].join('\n');
}

function expectNoCanary(text: string): void {
  expect(text).not.toContain(CANARY);
  expect(text).not.toContain(CANARY.slice(0, 12));
  expect(text).not.toContain(CANARY.slice(-8));
}

let fullEcho: OpenAIFakeProvider;
let maskedEcho: OpenAIFakeProvider;

beforeAll(async () => {
  fullEcho = await startOpenAIFakeServer({ keys: { [KEY]: {} }, echoKey: 'full' });
  maskedEcho = await startOpenAIFakeServer({ keys: { [KEY]: {} } });
});
afterAll(async () => {
  await fullEcho.close();
  await maskedEcho.close();
});

describe('key material never leaks', () => {
  it('scrubs a provider 401 that echoes the key in full (execute and stream)', async () => {
    const adapter = new OpenAIAdapter({ baseURL: `${fullEcho.url}/v1` });
    const error = await routerErrorOf(() => adapter.execute(makeCall({}, { apiKey: CANARY })));
    expect(error).toMatchObject({ category: 'authentication', status: 401, code: 'invalid_api_key' });
    expect(error.message).toContain('Incorrect API key provided: [redacted]');
    expectNoCanary(exposed(error));
    const streamError = await routerErrorOf(() => adapter.stream(makeCall({}, { apiKey: CANARY })));
    expectNoCanary(exposed(streamError));
  });

  it('scrubs the masked echo OpenAI really sends', async () => {
    const adapter = new OpenAIAdapter({ baseURL: `${maskedEcho.url}/v1` });
    const error = await routerErrorOf(() => adapter.execute(makeCall({}, { apiKey: CANARY })));
    expect(error.category).toBe('authentication');
    expectNoCanary(exposed(error));
    expect(error.message).not.toMatch(/\*{3}/);
  });

  it('scrubs embeddings and model-list failures too', async () => {
    const adapter = new OpenAIAdapter({ baseURL: `${fullEcho.url}/v1` });
    const clock = new SystemClock();
    const embedError = await routerErrorOf(() =>
      adapter.embed({
        model: 'text-embedding-3-small',
        input: ['x'],
        apiKey: CANARY,
        signal: new AbortController().signal,
        requestId: 'r',
        clock,
      }),
    );
    expectNoCanary(exposed(embedError));
    const listError = await routerErrorOf(() => adapter.listModels({ apiKey: CANARY, clock }));
    expect(listError.category).toBe('authentication');
    expectNoCanary(exposed(listError));
  });

  it('does not put the key in a transport error', async () => {
    const adapter = new OpenAIAdapter({ baseURL: 'http://127.0.0.1:1/v1' });
    const error = await routerErrorOf(() => adapter.execute(makeCall({}, { apiKey: CANARY })));
    expect(error.category).toBe('network');
    expectNoCanary(exposed(error));
  });
});

describe('OpenAIAdapter.classifyError', () => {
  const adapter = new OpenAIAdapter();
  const context = { providerId: 'openai', clock: new SystemClock() };

  it('passes RouterErrors through', async () => {
    const error = await routerErrorOf(() =>
      new OpenAIAdapter({ baseURL: 'http://127.0.0.1:1/v1' }).execute(makeCall({})),
    );
    expect(adapter.classifyError(error, context)).toBe(error);
  });

  it('classifies an HTTP failure object and an SDK-style APIError', () => {
    const headers = new Headers({ 'retry-after-ms': '250', 'x-ratelimit-remaining-requests': '0' });
    const failure = adapter.classifyError(
      {
        status: 429,
        headers,
        body: { error: { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' } },
      },
      context,
    );
    expect(failure).toMatchObject({ category: 'rate_limit', retryAfterMs: 250, keyEffect: 'throttle' });
    const sdk = adapter.classifyError(
      {
        status: 429,
        headers: new Headers(),
        error: { message: 'quota', type: 'insufficient_quota', code: 'insufficient_quota' },
      },
      context,
    );
    expect(sdk).toMatchObject({
      category: 'quota_exhausted',
      keyEffect: 'exhaust',
      code: 'insufficient_quota',
    });
  });

  it('classifies transport errors and falls back to provider for the unknown', () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    expect(adapter.classifyError(reset, context).category).toBe('network');
    expect(adapter.classifyError(new DOMException('t', 'TimeoutError'), context).category).toBe('timeout');
    expect(adapter.classifyError(new DOMException('a', 'AbortError'), context).category).toBe('aborted');
    expect(adapter.classifyError('weird', context)).toMatchObject({
      category: 'provider',
      code: 'unexpected_error',
    });
  });
});
