import { VirtualClock } from '@apikeyrouter/core';
import {
  type FaultKind,
  type GeminiFakeProvider,
  routerErrorOf,
  startGeminiFakeServer,
} from '@apikeyrouter/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextPacificMidnight } from '../errors/next-pacific-midnight.js';
import { makeCall, say, until } from './adapter-call.test-helpers.js';
import { GeminiAdapter } from './gemini-adapter.js';

const KEY = 'AIza-CANARY-errors-0003';
let fake: GeminiFakeProvider;
let adapter: GeminiAdapter;

beforeAll(async () => {
  fake = await startGeminiFakeServer({ keys: { [KEY]: { label: 'main' } } });
  adapter = new GeminiAdapter({ baseURL: fake.url });
});
afterAll(() => fake.close());

function expectNoKey(value: unknown): void {
  const error = value as { message: string; stack?: string; toJSON(): unknown; rateLimits?: unknown };
  const visible = [
    error.message,
    error.stack,
    JSON.stringify(error.toJSON()),
    JSON.stringify(error.rateLimits),
  ].join('\n');
  expect(visible).not.toContain(KEY);
}

type Expected = Record<string, unknown>;
const PROMPT = 'a prompt of a few dozen characters, enough to estimate';
const faultTable: Array<[FaultKind, Expected]> = [
  [
    'rate_limit',
    {
      category: 'rate_limit',
      status: 429,
      code: 'rate_limit_exceeded',
      upstreamCode: 'RESOURCE_EXHAUSTED',
      keyEffect: 'throttle',
      retryAfterMs: 2500,
    },
  ],
  ['quota_exhausted', { category: 'quota_exhausted', status: 429, keyEffect: 'exhaust' }],
  [
    'request_too_large',
    { category: 'rate_limit', status: 429, keyEffect: 'skip', retryable: true, retryAfterMs: undefined },
  ],
  [
    'unauthorized',
    {
      category: 'authentication',
      status: 400,
      code: 'invalid_api_key',
      upstreamCode: 'INVALID_ARGUMENT',
      keyEffect: 'invalidate',
    },
  ],
  [
    'forbidden',
    {
      category: 'permission',
      status: 403,
      code: 'permission_denied',
      upstreamCode: 'PERMISSION_DENIED',
      keyEffect: 'invalidate',
    },
  ],
  [
    'not_found',
    {
      category: 'not_found',
      status: 404,
      code: 'model_not_found',
      upstreamCode: 'NOT_FOUND',
      keyEffect: 'skip',
    },
  ],
  ['bad_request', { category: 'validation', status: 400, keyEffect: 'none', retryable: false }],
  ['context_length', { category: 'context_length', status: 400, retryable: false }],
  [
    'server_error',
    {
      category: 'provider',
      status: 500,
      code: 'server_error',
      upstreamCode: 'INTERNAL',
      keyEffect: 'failure',
    },
  ],
  [
    'overloaded',
    {
      category: 'provider',
      status: 503,
      code: 'overloaded',
      upstreamCode: 'UNAVAILABLE',
      keyEffect: 'failure',
    },
  ],
  ['connection_reset', { category: 'network', keyEffect: 'failure' }],
  ['malformed_json', { category: 'provider', code: 'malformed_response', keyEffect: 'failure' }],
  ['stream_cut', { category: 'network', keyEffect: 'failure' }],
  ['error_after_200', { category: 'provider', code: 'overloaded', upstreamCode: 'UNAVAILABLE' }],
];

describe('GeminiAdapter errors from scripted faults', () => {
  it.each(faultTable)('execute: %s', async (kind, expected) => {
    fake.faults.add({ kind, key: KEY, stream: false, delayMs: 2500 });
    const error = await routerErrorOf(adapter.execute(makeCall(say(PROMPT), { apiKey: KEY })));
    expect(error).toMatchObject({ providerId: 'gemini', ...expected });
    expectNoKey(error);
  });

  const streamTable = faultTable.filter(
    ([kind]) => !['malformed_json', 'stream_cut', 'error_after_200'].includes(kind),
  );
  it.each(streamTable)('stream (before the first chunk): %s', async (kind, expected) => {
    fake.faults.add({ kind, key: KEY, stream: true, delayMs: 2500 });
    const error = await routerErrorOf(adapter.stream(makeCall(say(PROMPT), { apiKey: KEY })));
    expect(error).toMatchObject(expected);
    expectNoKey(error);
  });

  it('sets exhaustedUntil to the next Pacific midnight for a per-day quota', async () => {
    const clock = new VirtualClock({ start: Date.UTC(2026, 5, 15, 20, 0) });
    fake.faults.add({ kind: 'quota_exhausted', key: KEY });
    const error = await routerErrorOf(adapter.execute(makeCall(say('x'), { apiKey: KEY, clock })));
    const until = nextPacificMidnight(clock.now());
    expect(until).toBe(Date.UTC(2026, 5, 16, 7, 0));
    expect(error.rateLimits).toMatchObject({ exhaustedUntil: until, retryAfterMs: until - clock.now() });
    expect(error.retryAfterMs).toBe(until - clock.now());
  });

  it('scrubs the key that a suspended-consumer message echoes', async () => {
    fake.faults.add({ kind: 'forbidden', key: KEY });
    const error = await routerErrorOf(adapter.execute(makeCall(say('x'), { apiKey: KEY })));
    expect(error.message).toBe(
      "Gemini 403 PERMISSION_DENIED: Permission denied: Consumer 'api_key:[redacted]' has been suspended.",
    );
    expect(error.details).toEqual({ upstreamCode: 'PERMISSION_DENIED', reason: 'CONSUMER_SUSPENDED' });
  });

  it('answers a content_filter fault with a content_filter finish, not an error', async () => {
    fake.faults.add({ kind: 'content_filter', key: KEY });
    const response = await adapter.execute(makeCall(say('x'), { apiKey: KEY }));
    expect(response).toMatchObject({ finishReason: 'content_filter', message: { content: '' } });
  });

  it('still answers a slow request', async () => {
    fake.faults.add({ kind: 'slow', key: KEY, delayMs: 5 });
    expect((await adapter.execute(makeCall(say('slow'), { apiKey: KEY }))).message.content).toBe(
      'echo: slow',
    );
  });

  it('times out on the call clock when Gemini never answers', async () => {
    const clock = new VirtualClock();
    const timed = new GeminiAdapter({ baseURL: fake.url, timeoutMs: 30_000 });
    fake.faults.add({ kind: 'timeout', key: KEY });
    const seen = fake.requests().length;
    const pending = routerErrorOf(timed.execute(makeCall(say('x'), { apiKey: KEY, clock })));
    await until(() => fake.requests().length > seen);
    await clock.advance(30_000);
    expect(await pending).toMatchObject({ category: 'timeout', keyEffect: 'failure', retryable: true });
  });

  it('reports a caller abort mid-request as aborted', async () => {
    fake.faults.add({ kind: 'timeout', key: KEY });
    const controller = new AbortController();
    const seen = fake.requests().length;
    const pending = routerErrorOf(
      adapter.execute(makeCall(say('x'), { apiKey: KEY, signal: controller.signal })),
    );
    await until(() => fake.requests().length > seen);
    controller.abort();
    expect(await pending).toMatchObject({ category: 'aborted', retryable: false, keyEffect: 'none' });
  });

  it('does not call at all when the signal is already aborted', async () => {
    const seen = fake.requests().length;
    const error = await routerErrorOf(
      adapter.execute(makeCall(say('x'), { apiKey: KEY, signal: AbortSignal.abort() })),
    );
    expect(error.category).toBe('aborted');
    expect(fake.requests().length).toBe(seen);
  });
});

describe('GeminiAdapter errors from keys and hidden limits', () => {
  it('classifies an unknown key (400 API_KEY_INVALID) and a missing key (403) as authentication', async () => {
    const unknown = await routerErrorOf(
      adapter.execute(makeCall(say('x'), { apiKey: 'AIza-CANARY-unknown' })),
    );
    expect(unknown).toMatchObject({
      category: 'authentication',
      status: 400,
      details: { reason: 'API_KEY_INVALID' },
    });
    expect(unknown.message).not.toContain('AIza-CANARY-unknown');
    const missing = await routerErrorOf(adapter.execute(makeCall(say('x'), { apiKey: '' })));
    expect(missing).toMatchObject({ category: 'authentication', status: 403 });
  });

  it('maps each hidden limit to the right 429', async () => {
    const clock = new VirtualClock();
    const limited = await startGeminiFakeServer({
      clock,
      keys: {
        rpm: { label: 'rpm', rpm: 1 },
        rpd: { label: 'rpd', rpd: 1 },
        tpm: { label: 'tpm', tpm: 20 },
        billing: { label: 'billing', billingExhausted: true },
      },
    });
    try {
      const client = new GeminiAdapter({ baseURL: limited.url });
      const run = (apiKey: string, text = 'hi') => client.execute(makeCall(say(text), { apiKey, clock }));
      await run('rpm');
      expect(await routerErrorOf(run('rpm'))).toMatchObject({
        category: 'rate_limit',
        keyEffect: 'throttle',
        retryAfterMs: 60_000,
        rateLimits: {
          dimensions: [
            { dimension: 'requests_per_minute', limit: 1, remaining: 0, resetAt: clock.now() + 60_000 },
          ],
        },
      });
      await run('rpd');
      expect(await routerErrorOf(run('rpd'))).toMatchObject({
        category: 'quota_exhausted',
        keyEffect: 'exhaust',
        rateLimits: { exhaustedUntil: nextPacificMidnight(clock.now()) },
      });
      expect(await routerErrorOf(run('tpm', 'x'.repeat(400)))).toMatchObject({
        category: 'rate_limit',
        keyEffect: 'skip',
      });
      expect(await routerErrorOf(run('billing'))).toMatchObject({
        category: 'quota_exhausted',
        keyEffect: 'exhaust',
      });
      expect(limited.stats()).toMatchObject({
        rpm: { successes: 1, rateLimited: 1 },
        tpm: { rateLimited: 1 },
        billing: { rateLimited: 1 },
      });
    } finally {
      await limited.close();
    }
  });

  it('maps a concurrency limit to a detail-less 429 rate_limit', async () => {
    const clock = new VirtualClock();
    const limited = await startGeminiFakeServer({ clock, keys: { k: { concurrency: 1, latencyMs: 1000 } } });
    try {
      const client = new GeminiAdapter({ baseURL: limited.url });
      const first = client.execute(makeCall(say('one'), { apiKey: 'k', clock }));
      await until(() => limited.stats()['key-0']?.requests === 1);
      const second = routerErrorOf(client.execute(makeCall(say('two'), { apiKey: 'k', clock })));
      await until(() => limited.stats()['key-0']?.requests === 2);
      await clock.advance(1000);
      expect(await second).toMatchObject({
        category: 'rate_limit',
        code: 'rate_limit_exceeded',
        upstreamCode: 'RESOURCE_EXHAUSTED',
        rateLimits: { dimensions: [] },
      });
      expect((await first).message.content).toBe('echo: one');
    } finally {
      await limited.close();
    }
  });

  it('reports a refused connection as network', async () => {
    const closed = await startGeminiFakeServer({ keys: {} });
    await closed.close();
    const error = await routerErrorOf(
      new GeminiAdapter({ baseURL: closed.url }).execute(makeCall(say('x'), { apiKey: KEY })),
    );
    expect(error).toMatchObject({ category: 'network', keyEffect: 'failure' });
  });
});
