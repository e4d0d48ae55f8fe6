import { VirtualClock } from '@apikeyrouter/core';
import type { ErrorCategory, KeyEffect } from '@apikeyrouter/provider';
import type { FaultKind } from '@apikeyrouter/testkit';
import { routerErrorOf } from '@apikeyrouter/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  collect,
  makeCall,
  startFakeWithAdapter,
  TEST_KEY,
  textOf,
} from './anthropic-adapter.test-helpers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setup(...args: Parameters<typeof startFakeWithAdapter>) {
  const started = await startFakeWithAdapter(...args);
  closers.push(() => started.fake.close());
  return started;
}

type Row = [FaultKind, ErrorCategory, KeyEffect, number, string, boolean];

const ERROR_FAULTS: Row[] = [
  ['rate_limit', 'rate_limit', 'throttle', 429, 'rate_limit_error', true],
  ['quota_exhausted', 'quota_exhausted', 'exhaust', 402, 'billing_error', true],
  ['request_too_large', 'rate_limit', 'skip', 413, 'request_too_large', true],
  ['unauthorized', 'authentication', 'invalidate', 401, 'authentication_error', true],
  ['forbidden', 'permission', 'invalidate', 403, 'permission_error', true],
  ['not_found', 'not_found', 'skip', 404, 'not_found_error', true],
  ['bad_request', 'validation', 'none', 400, 'invalid_request_error', false],
  ['context_length', 'context_length', 'none', 400, 'invalid_request_error', false],
  ['server_error', 'provider', 'failure', 500, 'api_error', true],
  ['overloaded', 'provider', 'failure', 529, 'overloaded_error', true],
];

describe('fault kinds rendered as Anthropic errors', () => {
  it.each(ERROR_FAULTS)('%s → %s/%s (%i %s)', async (kind, category, keyEffect, status, code, retryable) => {
    const { fake, adapter } = await setup({ faults: [{ kind, times: 2 }] });
    for (const error of [
      await routerErrorOf(adapter.execute(makeCall({}))),
      await routerErrorOf(adapter.stream(makeCall({}))),
    ]) {
      expect(error).toMatchObject({
        category,
        keyEffect,
        status,
        upstreamCode: code,
        retryable,
        providerId: 'anthropic',
      });
      expect(error.details?.requestId).toMatch(/^req_/);
    }
    expect(fake.stats().main?.[kind === 'rate_limit' ? 'rateLimited' : 'errors']).toBe(2);
  });

  it('takes retry-after and the exhausted reset from a rate_limit fault', async () => {
    const { adapter } = await setup({ faults: [{ kind: 'rate_limit', delayMs: 2500 }] });
    const error = await routerErrorOf(adapter.execute(makeCall({})));
    expect(error.retryAfterMs).toBe(3000);
    expect(error.rateLimits?.dimensions).toEqual([
      { dimension: 'requests_per_minute', limit: 50, remaining: 0, resetAt: expect.any(Number) },
    ]);
  });
});

describe('fault kinds that break the transport or the body', () => {
  it('slow answers normally', async () => {
    const { adapter } = await setup({ faults: [{ kind: 'slow', delayMs: 20 }] });
    expect((await adapter.execute(makeCall({}))).message.content).toBe('echo: hello');
  });

  it('connection_reset → network, streamed or not', async () => {
    const { adapter } = await setup({ faults: [{ kind: 'connection_reset', times: 2 }] });
    expect(await routerErrorOf(adapter.execute(makeCall({})))).toMatchObject({
      category: 'network',
      keyEffect: 'failure',
    });
    expect(await routerErrorOf(adapter.stream(makeCall({})))).toMatchObject({ category: 'network' });
  });

  it('malformed_json → provider malformed_response / malformed_stream', async () => {
    const { adapter } = await setup({ faults: [{ kind: 'malformed_json', times: 2 }] });
    expect(await routerErrorOf(adapter.execute(makeCall({})))).toMatchObject({
      category: 'provider',
      code: 'malformed_response',
      status: 200,
    });
    const { error } = await collect((await adapter.stream(makeCall({}))).parts);
    expect(error).toMatchObject({ category: 'provider', code: 'malformed_stream' });
  });

  it('stream_cut → stream_truncated from the iterator; a cut JSON body → network', async () => {
    const { adapter } = await setup({ faults: [{ kind: 'stream_cut', times: 2 }] });
    const { parts, error } = await collect((await adapter.stream(makeCall({}))).parts);
    expect(textOf(parts).length).toBeGreaterThan(0);
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    expect(error).toMatchObject({ category: 'network', code: 'stream_truncated', retryable: true });
    expect(await routerErrorOf(adapter.execute(makeCall({})))).toMatchObject({ category: 'network' });
  });

  it('error_after_200 → the overloaded_error event thrown from the iterator; 529 when not streamed', async () => {
    const { adapter } = await setup({ faults: [{ kind: 'error_after_200', times: 2 }] });
    const stream = await adapter.stream(makeCall({}));
    const { error } = await collect(stream.parts);
    expect(error).toMatchObject({
      category: 'provider',
      code: 'overloaded',
      upstreamCode: 'overloaded_error',
      keyEffect: 'failure',
      retryable: true,
      status: undefined,
    });
    expect(await routerErrorOf(adapter.execute(makeCall({})))).toMatchObject({
      status: 529,
      code: 'overloaded',
      upstreamCode: 'overloaded_error',
    });
  });

  it('content_filter → finishReason content_filter', async () => {
    const { adapter } = await setup({ faults: [{ kind: 'content_filter' }] });
    expect((await adapter.execute(makeCall({}))).finishReason).toBe('content_filter');
  });
});

describe('hidden per-key limits', () => {
  it('rpm → 429 throttle with retry-after and exhausted request headers', async () => {
    const { fake, adapter } = await setup({ keys: { [TEST_KEY]: { rpm: 1, label: 'main' } } });
    await adapter.execute(makeCall({}));
    const error = await routerErrorOf(adapter.execute(makeCall({})));
    expect(error).toMatchObject({ category: 'rate_limit', keyEffect: 'throttle', status: 429 });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.rateLimits?.dimensions[0]).toMatchObject({ dimension: 'requests_per_minute', remaining: 0 });
    expect(fake.stats().main).toMatchObject({ requests: 2, successes: 1, rateLimited: 1 });
  });

  it('tpm → 429 when the window is full, 413 skip when the request can never fit', async () => {
    const { adapter } = await setup({ keys: { [TEST_KEY]: { tpm: 1000 } } });
    const big = {
      messages: [{ role: 'user' as const, content: 'x'.repeat(2400) }],
      parameters: { maxTokens: 10 },
    };
    await adapter.execute(makeCall(big));
    expect(await routerErrorOf(adapter.execute(makeCall(big)))).toMatchObject({
      category: 'rate_limit',
      keyEffect: 'throttle',
    });
    expect(await routerErrorOf(adapter.execute(makeCall({ parameters: { maxTokens: 5000 } })))).toMatchObject(
      {
        category: 'rate_limit',
        keyEffect: 'skip',
        status: 413,
        retryable: true,
      },
    );
  });

  it('rpd → quota_exhausted until the stated date; billing → quota_exhausted', async () => {
    const clock = new VirtualClock({ start: Date.UTC(2026, 0, 1, 12, 0) });
    const { adapter } = await setup({
      clock,
      keys: { [TEST_KEY]: { rpd: 1 }, 'sk-ant-api03-broke': { billingExhausted: true } },
    });
    await adapter.execute(makeCall({}, { clock }));
    const daily = await routerErrorOf(adapter.execute(makeCall({}, { clock })));
    expect(daily).toMatchObject({ category: 'quota_exhausted', keyEffect: 'exhaust', status: 400 });
    expect(daily.rateLimits?.exhaustedUntil).toBe(Date.UTC(2026, 0, 2, 12, 0));
    expect(daily.retryAfterMs).toBe(86_400_000);
    const broke = await routerErrorOf(adapter.execute(makeCall({}, { clock, apiKey: 'sk-ant-api03-broke' })));
    expect(broke).toMatchObject({
      category: 'quota_exhausted',
      keyEffect: 'exhaust',
      code: 'insufficient_quota',
      upstreamCode: 'invalid_request_error',
    });
  });
});
