import type { ErrorCategory, KeyEffect } from '@apikeyrouter/provider';
import {
  type FaultKind,
  type OllamaFakeProvider,
  routerErrorOf,
  startOllamaFakeServer,
} from '@apikeyrouter/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { OllamaAdapter } from './ollama-adapter.js';
import { chatCall, collect } from './ollama-adapter.test-helpers.js';

let fake: OllamaFakeProvider | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function withFault(kind: FaultKind, extra: { delayMs?: number; times?: number } = {}) {
  fake = await startOllamaFakeServer({ faults: [{ kind, times: extra.times ?? 1, delayMs: extra.delayMs }] });
  return new OllamaAdapter({ baseURL: fake.url });
}

describe('OllamaAdapter: HTTP error faults fail execute and stream before any chunk', () => {
  it.each<[FaultKind, ErrorCategory, string, number, KeyEffect]>([
    ['rate_limit', 'rate_limit', 'rate_limit_exceeded', 429, 'throttle'],
    ['quota_exhausted', 'quota_exhausted', 'insufficient_quota', 429, 'exhaust'],
    ['request_too_large', 'rate_limit', 'request_too_large', 429, 'skip'],
    ['unauthorized', 'authentication', 'invalid_api_key', 401, 'invalidate'],
    ['forbidden', 'permission', 'permission_denied', 403, 'invalidate'],
    ['not_found', 'not_found', 'model_not_found', 404, 'skip'],
    ['bad_request', 'validation', 'invalid_request', 400, 'none'],
    ['context_length', 'context_length', 'context_length_exceeded', 400, 'none'],
    ['server_error', 'provider', 'server_error', 500, 'failure'],
    ['overloaded', 'provider', 'service_unavailable', 503, 'failure'],
  ])('%s → %s/%s', async (kind, category, code, status, keyEffect) => {
    const adapter = await withFault(kind, { times: 2 });
    for (const run of [() => adapter.execute(chatCall()), () => adapter.stream(chatCall())]) {
      const error = await routerErrorOf(run());
      expect([error.category, error.code, error.status, error.keyEffect, error.providerId]).toEqual([
        category,
        code,
        status,
        keyEffect,
        'ollama',
      ]);
    }
    expect((await adapter.execute(chatCall())).message.content).toBe('echo: hello');
  });

  it('rate_limit carries retryAfterMs from retry-after in the error and its rateLimits', async () => {
    const adapter = await withFault('rate_limit', { delayMs: 2000 });
    const error = await routerErrorOf(adapter.execute(chatCall()));
    expect([error.retryAfterMs, error.rateLimits]).toEqual([2000, { dimensions: [], retryAfterMs: 2000 }]);
    expect(error.retryable).toBe(true);
  });
});

describe('OllamaAdapter: answer-shaping faults', () => {
  it('content_filter → finishReason content_filter (execute and stream)', async () => {
    const adapter = await withFault('content_filter', { times: 2 });
    const res = await adapter.execute(chatCall());
    expect([res.finishReason, res.message.content]).toEqual(['content_filter', '']);
    const parts = await collect((await adapter.stream(chatCall())).parts);
    expect(parts).toEqual([expect.objectContaining({ type: 'finish', finishReason: 'content_filter' })]);
  });

  it('malformed_json → provider error (body, and stream line thrown from the iterator)', async () => {
    const adapter = await withFault('malformed_json', { times: 2 });
    const plain = await routerErrorOf(adapter.execute(chatCall()));
    expect([plain.category, plain.code, plain.status]).toEqual(['provider', 'malformed_response', 200]);
    const stream = await adapter.stream(
      chatCall({ messages: [{ role: 'user', content: 'several words here' }] }),
    );
    const error = await routerErrorOf(collect(stream.parts));
    expect([error.category, error.code]).toEqual(['provider', 'malformed_stream']);
  });

  it('stream_cut → network error from the iterator; non-streamed, a cut body is network too', async () => {
    const adapter = await withFault('stream_cut', { times: 2 });
    const stream = await adapter.stream(
      chatCall({ messages: [{ role: 'user', content: 'several words here' }] }),
    );
    const received: string[] = [];
    const error = await routerErrorOf(
      (async () => {
        for await (const part of stream.parts) received.push(part.type);
      })(),
    );
    expect(received.length).toBeGreaterThan(0);
    expect(received).not.toContain('finish');
    expect([error.category, error.code]).toEqual(['network', 'stream_truncated']);
    const plain = await routerErrorOf(adapter.execute(chatCall()));
    expect(plain.category).toBe('network');
  });

  it('error_after_200 → the error line is thrown from the iterator; non-streamed it is a 500', async () => {
    const adapter = await withFault('error_after_200', { times: 2 });
    const stream = await adapter.stream(
      chatCall({ messages: [{ role: 'user', content: 'several words here' }] }),
    );
    const error = await routerErrorOf(collect(stream.parts));
    expect([error.category, error.code, error.status, error.keyEffect]).toEqual([
      'provider',
      'upstream_error',
      undefined,
      'failure',
    ]);
    expect(error.message).toContain('unexpected EOF');
    const plain = await routerErrorOf(adapter.execute(chatCall()));
    expect([plain.category, plain.status]).toEqual(['provider', 500]);
  });

  it('slow still answers', async () => {
    const adapter = await withFault('slow', { delayMs: 1 });
    expect((await adapter.execute(chatCall())).finishReason).toBe('stop');
  });

  it('connection_reset → network', async () => {
    const adapter = await withFault('connection_reset', { times: 2 });
    expect((await routerErrorOf(adapter.execute(chatCall()))).category).toBe('network');
    expect((await routerErrorOf(adapter.stream(chatCall()))).category).toBe('network');
  });

  it('embed maps faults the same way', async () => {
    const adapter = await withFault('malformed_json');
    const call = {
      model: 'e',
      input: ['a'],
      apiKey: '',
      signal: new AbortController().signal,
      requestId: 'r',
      clock: chatCall().clock,
    };
    expect((await routerErrorOf(adapter.embed(call))).code).toBe('malformed_response');
    fake?.faults.add({ kind: 'not_found' });
    expect((await routerErrorOf(adapter.embed(call))).category).toBe('not_found');
  });
});

describe('OllamaAdapter: hidden limits of a proxy in front of Ollama', () => {
  async function limited(spec: Record<string, unknown>) {
    fake = await startOllamaFakeServer({ keys: { 'sk-a': spec } });
    return new OllamaAdapter({ baseURL: fake.url });
  }

  it('requests per minute → rate_limit with the wait', async () => {
    const adapter = await limited({ rpm: 1 });
    await adapter.execute(chatCall({}, { apiKey: 'sk-a' }));
    const error = await routerErrorOf(adapter.execute(chatCall({}, { apiKey: 'sk-a' })));
    expect([error.category, error.keyEffect]).toEqual(['rate_limit', 'throttle']);
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });

  it('requests per day → quota_exhausted with exhaustedUntil', async () => {
    const adapter = await limited({ rpd: 1 });
    await adapter.execute(chatCall({}, { apiKey: 'sk-a' }));
    const call = chatCall({}, { apiKey: 'sk-a' });
    const error = await routerErrorOf(adapter.execute(call));
    expect([error.category, error.keyEffect, error.retryAfterMs]).toEqual([
      'quota_exhausted',
      'exhaust',
      86_400_000,
    ]);
    expect(error.rateLimits?.exhaustedUntil).toBeGreaterThan(call.clock.now());
  });

  it('too large for the tokens-per-minute limit → skip this key for this request', async () => {
    const adapter = await limited({ tpm: 5 });
    const error = await routerErrorOf(
      adapter.stream(chatCall({ messages: [{ role: 'user', content: 'x'.repeat(80) }] }, { apiKey: 'sk-a' })),
    );
    expect([error.category, error.code, error.keyEffect, error.retryable]).toEqual([
      'rate_limit',
      'request_too_large',
      'skip',
      true,
    ]);
  });

  it('billing exhausted → quota_exhausted without a reset', async () => {
    const adapter = await limited({ billingExhausted: true });
    const error = await routerErrorOf(adapter.execute(chatCall({}, { apiKey: 'sk-a' })));
    expect([error.category, error.keyEffect, error.rateLimits?.exhaustedUntil]).toEqual([
      'quota_exhausted',
      'exhaust',
      undefined,
    ]);
  });
});
