import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestIntent } from '../index.js';
import { instrumentRouter } from './instrument-router.js';
import { chatIntent, msOf, telemetryFixture } from './telemetry.test-helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function fixture(...args: Parameters<typeof telemetryFixture>) {
  const f = await telemetryFixture(...args);
  cleanup = f.shutdown;
  return f;
}

describe('request and attempt spans', () => {
  it('emits a CLIENT span per request with GenAI and router attributes, timed on the router clock', async () => {
    const { router, keys, finishedSpans, clock } = await fixture({
      'sk-a-0000001': { label: 'a', latencyMs: 250 },
      'sk-b-0000001': { label: 'b', latencyMs: 250 },
    });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '2' });
    const startedAt = clock.now();
    const res = await router.route(chatIntent(), 'cost');
    const spans = finishedSpans();
    expect(spans).toHaveLength(2);
    const request = spans.find((s) => s.attributes['apikeyrouter.request_id'] !== undefined);
    const attempt = spans.find((s) => s !== request);
    expect(request?.name).toBe('chat gpt-test');
    expect(request?.kind).toBe(SpanKind.CLIENT);
    expect(request?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-test',
      'gen_ai.response.model': 'gpt-test',
      'gen_ai.usage.input_tokens': res.usage.inputTokens,
      'gen_ai.usage.output_tokens': res.usage.outputTokens,
      'gen_ai.response.finish_reasons': [res.finishReason],
      'apikeyrouter.request_id': res.requestId,
      'apikeyrouter.key_id': res.explanation.chosenKeyId,
      'apikeyrouter.objective': 'cost',
      'apikeyrouter.attempts': 1,
      'apikeyrouter.cost': res.cost.amount.toString(),
      'apikeyrouter.cost.known': true,
      'apikeyrouter.candidates': 2,
      'apikeyrouter.stream': false,
    });
    expect(request?.attributes['apikeyrouter.score']).toBe(res.explanation.chosen?.total);
    expect(request?.attributes['apikeyrouter.margin']).toBe(res.explanation.margin);
    expect(request?.attributes['error.type']).toBeUndefined();
    expect(request?.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(msOf(request?.startTime as [number, number])).toBe(startedAt);
    expect(msOf(request?.endTime as [number, number])).toBe(startedAt + res.latencyMs);
    expect([keys.a?.id, keys.b?.id]).toContain(res.explanation.chosenKeyId);
    expect(attempt?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
    expect(attempt?.spanContext().traceId).toBe(request?.spanContext().traceId);
    expect(attempt?.name).toBe('chat gpt-test');
    expect(attempt?.kind).toBe(SpanKind.CLIENT);
    expect(msOf(attempt?.endTime as [number, number]) - msOf(attempt?.startTime as [number, number])).toBe(
      250,
    );
  });

  it('instruments a router once, however often asked', async () => {
    const { router, finishedSpans, tracerProvider, meterProvider } = await fixture({
      'sk-a-0000001': { label: 'a' },
    });
    instrumentRouter(router, { tracerProvider, meterProvider });
    await router.route(chatIntent());
    expect(finishedSpans()).toHaveLength(2);
  });

  it('fails over: two attempt spans, the first with error.type and an error status', async () => {
    const { router, adapter, keys, finishedSpans } = await fixture({
      'sk-a-0000001': { label: 'a' },
      'sk-b-0000001': { label: 'b' },
    });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '1' });
    router.costController.setModelPrice(
      'gpt-test',
      { inputPerMillion: '3', outputPerMillion: '3' },
      { keyId: keys.b?.id as string },
    );
    adapter.addFault({ kind: 'server_error', key: 'sk-a-0000001' });
    const res = await router.route(chatIntent(), 'cost');
    expect(res.attempts).toBe(2);
    const spans = finishedSpans();
    const request = spans.find((s) => s.attributes['apikeyrouter.request_id'] !== undefined);
    const attempts = spans
      .filter((s) => s !== request)
      .sort(
        (x, y) => Number(x.attributes['apikeyrouter.attempt']) - Number(y.attributes['apikeyrouter.attempt']),
      );
    expect(attempts.map((s) => [s.attributes['apikeyrouter.key_id'], s.attributes['error.type']])).toEqual([
      [keys.a?.id, 'provider'],
      [keys.b?.id, undefined],
    ]);
    expect(attempts[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(attempts[1]?.status.code).not.toBe(SpanStatusCode.ERROR);
    for (const attempt of attempts)
      expect(attempt.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
    expect(request?.attributes['apikeyrouter.attempts']).toBe(2);
    expect(request?.attributes['apikeyrouter.key_id']).toBe(keys.b?.id);
    expect(request?.attributes['error.type']).toBeUndefined();
  });

  it('marks a failed request with error.type and counts exclusions by reason', async () => {
    const { router, keys, finishedSpans } = await fixture({
      'sk-a-0000001': { label: 'a' },
      'sk-b-0000001': { label: 'b' },
    });
    await router.disableKey(keys.a?.id as string);
    await router.disableKey(keys.b?.id as string);
    await expect(router.route(chatIntent(), 'reliability')).rejects.toMatchObject({
      category: 'no_eligible_keys',
    });
    const [request, ...others] = finishedSpans();
    expect(others).toHaveLength(0);
    expect(request?.attributes).toMatchObject({
      'error.type': 'no_eligible_keys',
      'apikeyrouter.objective': 'reliability',
      'apikeyrouter.excluded.state': 2,
    });
    expect(request?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'no_eligible_keys' });
  });

  it('marks an invalid request with error.type validation, without a decision', async () => {
    const { router, finishedSpans } = await fixture({ 'sk-a-0000001': { label: 'a' } });
    await expect(router.route({ model: 42 } as unknown as RequestIntent)).rejects.toMatchObject({
      category: 'validation',
    });
    const [request] = finishedSpans();
    expect(request?.name).toBe('chat unknown');
    expect(request?.attributes['error.type']).toBe('validation');
  });

  it('traces a stream with its usage, and records an early stop as aborted', async () => {
    const { router, finishedSpans } = await fixture({ 'sk-a-0000001': { label: 'a' } });
    let finish: { usage: { outputTokens: number } } | undefined;
    for await (const chunk of router.routeStream(chatIntent('tell me a longer story please'))) {
      if (chunk.type === 'finish') finish = chunk;
    }
    const streamed = finishedSpans().find((s) => s.attributes['apikeyrouter.request_id'] !== undefined);
    expect(streamed?.attributes).toMatchObject({
      'apikeyrouter.stream': true,
      'gen_ai.usage.output_tokens': finish?.usage.outputTokens,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    for await (const chunk of router.routeStream(chatIntent('tell me a longer story please'))) {
      expect(chunk.type).toBe('text-delta');
      break;
    }
    const stopped = finishedSpans().filter((s) => s.attributes['apikeyrouter.stream'] === true)[1];
    expect(stopped?.attributes['error.type']).toBe('aborted');
    expect(router.listKeys()[0]?.stats.inFlight).toBe(0);
  });
});
