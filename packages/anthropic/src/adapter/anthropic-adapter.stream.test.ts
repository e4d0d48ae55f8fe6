import { routerErrorOf } from '@apikeyrouter/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  collect,
  makeCall,
  startFakeWithAdapter,
  TEST_MODEL,
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

const WEATHER = {
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } } },
};

describe('AnthropicAdapter.stream against the simulated provider', () => {
  it('streams text and finishes with usage, model and the same content as execute', async () => {
    const { fake, adapter } = await setup({
      keys: { 'sk-ant-api03-test-key-000001': { rpm: 5, label: 'main' } },
    });
    const intent = { messages: [{ role: 'user' as const, content: 'stream me a reply please' }] };
    const stream = await adapter.stream(makeCall(intent));
    expect(stream.providerRequestId).toMatch(/^req_/);
    expect(stream.rateLimits?.dimensions[0]).toMatchObject({
      dimension: 'requests_per_minute',
      remaining: 4,
    });
    const { parts, error } = await collect(stream.parts);
    expect(error).toBeUndefined();
    const whole = await adapter.execute(makeCall(intent));
    expect(textOf(parts)).toBe(whole.message.content);
    expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThan(1);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'stop',
      usage: whole.usage,
      model: TEST_MODEL,
    });
    expect(fake.requests()[0]?.body).toMatchObject({ stream: true });
    expect(fake.requests()[0]?.headers.accept).toBe('text/event-stream');
    expect(await fake.streamEnded(0)).toBe('completed');
  });

  it('streams tool calls as indexed deltas whose arguments join to JSON', async () => {
    const { adapter } = await setup();
    const stream = await adapter.stream(
      makeCall({ tools: [WEATHER], messages: [{ role: 'user', content: 'call get_weather now' }] }),
    );
    const { parts } = await collect(stream.parts);
    const calls = parts.filter((part) => part.type === 'tool-call-delta');
    expect(calls[0]).toMatchObject({ index: 0, name: 'get_weather', argumentsDelta: '' });
    expect(calls[0]?.type === 'tool-call-delta' && calls[0].id).toMatch(/^toolu_/);
    const args = calls.map((part) => (part.type === 'tool-call-delta' ? part.argumentsDelta : '')).join('');
    expect(JSON.parse(args)).toEqual({ city: 'echo', days: 1 });
    expect(textOf(parts)).toBe('echo: call get_weather now');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool_calls' });
  });

  it('streams a JSON answer as text', async () => {
    const { adapter } = await setup();
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const stream = await adapter.stream(
      makeCall({ responseFormat: { type: 'json_schema', name: 'answer', schema } }),
    );
    const { parts } = await collect(stream.parts);
    expect(JSON.parse(textOf(parts))).toEqual({ ok: true });
    expect(parts.some((part) => part.type === 'tool-call-delta')).toBe(false);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('rejects before the first chunk when the status is not 2xx', async () => {
    const { fake, adapter } = await setup({ faults: [{ kind: 'overloaded', stream: true }] });
    const error = await routerErrorOf(adapter.stream(makeCall({})));
    expect(error).toMatchObject({
      category: 'provider',
      status: 529,
      code: 'overloaded',
      upstreamCode: 'overloaded_error',
      keyEffect: 'failure',
    });
    const unknown = await routerErrorOf(adapter.stream(makeCall({}, { apiKey: 'sk-ant-nope' })));
    expect(unknown).toMatchObject({ category: 'authentication', status: 401 });
    expect(fake.stats().main?.errors).toBe(1);
  });

  it('reports refusals as content_filter', async () => {
    const { adapter } = await setup({ faults: [{ kind: 'content_filter', times: 2 }] });
    const { parts } = await collect((await adapter.stream(makeCall({}))).parts);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'content_filter' });
    const whole = await adapter.execute(makeCall({}));
    expect(whole.finishReason).toBe('content_filter');
  });
});
