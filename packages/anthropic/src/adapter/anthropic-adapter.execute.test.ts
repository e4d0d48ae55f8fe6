import { VirtualClock } from '@apikeyrouter/core';
import { routerErrorOf } from '@apikeyrouter/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { AnthropicAdapter } from './anthropic-adapter.js';
import { makeCall, startFakeWithAdapter, TEST_KEY, TEST_MODEL } from './anthropic-adapter.test-helpers.js';

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
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('AnthropicAdapter.execute against the simulated provider', () => {
  it('sends the documented headers and body, and normalises the answer', async () => {
    const { fake, adapter } = await setup(
      {},
      { headers: { 'anthropic-beta': 'feature-x', 'X-Api-Key': 'evil' } },
    );
    const clock = new VirtualClock({ start: Date.UTC(2026, 0, 1) });
    const res = await adapter.execute(
      makeCall(
        {
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: 'hello there' },
          ],
          parameters: { maxTokens: 50, temperature: 0.3 },
        },
        { clock },
      ),
    );
    expect(res.message).toEqual({ role: 'assistant', content: 'echo: hello there' });
    expect(res.finishReason).toBe('stop');
    expect(res.model).toBe(TEST_MODEL);
    expect(res.usage.outputTokens).toBe(5);
    expect(res.usage.totalTokens).toBe(res.usage.inputTokens + 5);
    expect(res.providerRequestId).toMatch(/^req_/);
    expect(res.raw).toMatchObject({ type: 'message', stop_reason: 'end_turn' });
    const [sent] = fake.requests();
    expect(sent?.path).toBe('/v1/messages');
    expect(sent?.headers).toMatchObject({
      'x-api-key': '[redacted]',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'feature-x',
      'content-type': 'application/json',
    });
    expect(sent?.body).toEqual({
      model: TEST_MODEL,
      max_tokens: 50,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hello there' }],
      temperature: 0.3,
    });
    expect(fake.stats().main).toMatchObject({ requests: 1, successes: 1, outputTokens: 5 });
  });

  it('uses the configured anthropic-version and default max_tokens', async () => {
    const { fake, adapter } = await setup({}, { anthropicVersion: '2024-01-01', defaultMaxTokens: 77 });
    await adapter.execute(makeCall({}));
    expect(fake.requests()[0]?.headers['anthropic-version']).toBe('2024-01-01');
    expect(fake.requests()[0]?.body).toMatchObject({ max_tokens: 77 });
  });

  it('turns rate-limit headers into absolute instants on the call clock', async () => {
    const clock = new VirtualClock({ start: Date.UTC(2026, 0, 1) });
    const { adapter } = await setup({ keys: { [TEST_KEY]: { rpm: 10, tpm: 100_000 } }, clock });
    const res = await adapter.execute(makeCall({ parameters: { maxTokens: 100 } }, { clock }));
    expect(res.rateLimits?.dimensions).toEqual([
      { dimension: 'requests_per_minute', limit: 10, remaining: 9, resetAt: Date.UTC(2026, 0, 1, 0, 1) },
      {
        dimension: 'tokens_per_minute',
        limit: 100_000,
        remaining: expect.any(Number),
        resetAt: Date.UTC(2026, 0, 1, 0, 1),
      },
    ]);
  });

  it('round-trips tool calls and tool results', async () => {
    const { fake, adapter } = await setup();
    const first = await adapter.execute(
      makeCall({ messages: [{ role: 'user', content: 'use get_weather for Oslo' }], tools: [WEATHER] }),
    );
    expect(first.finishReason).toBe('tool_calls');
    expect(first.message.content).toBe('echo: use get_weather for Oslo');
    const call = first.message.toolCalls?.[0];
    expect(call).toMatchObject({ name: 'get_weather', arguments: '{"city":"echo"}' });
    const second = await adapter.execute(
      makeCall({
        tools: [WEATHER],
        messages: [
          { role: 'user', content: 'use get_weather for Oslo' },
          { role: 'assistant', content: first.message.content, toolCalls: first.message.toolCalls },
          { role: 'tool', toolCallId: call?.id ?? '', content: '12 degrees' },
        ],
      }),
    );
    expect(second.message).toEqual({ role: 'assistant', content: 'echo: 12 degrees' });
    expect(second.finishReason).toBe('stop');
    expect(fake.stats().main?.successes).toBe(2);
  });

  it('forces a named tool and honours tool_choice none', async () => {
    const { adapter } = await setup();
    const forced = await adapter.execute(makeCall({ tools: [WEATHER], toolChoice: { name: 'get_weather' } }));
    expect(forced.message.content).toBe('');
    expect(forced.message.toolCalls?.[0]?.name).toBe('get_weather');
    const none = await adapter.execute(
      makeCall({
        tools: [WEATHER],
        toolChoice: 'none',
        messages: [{ role: 'user', content: 'get_weather' }],
      }),
    );
    expect(none.message.toolCalls).toBeUndefined();
  });

  it('returns JSON output as content for json and json_schema', async () => {
    const { adapter } = await setup();
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'integer' } },
      required: ['name', 'age'],
    };
    const typed = await adapter.execute(
      makeCall({ responseFormat: { type: 'json_schema', name: 'person', schema } }),
    );
    expect(JSON.parse(typed.message.content)).toEqual({ name: 'echo', age: 1 });
    expect(typed.message.toolCalls).toBeUndefined();
    expect(typed.finishReason).toBe('stop');
    const loose = await adapter.execute(makeCall({ responseFormat: { type: 'json' } }));
    expect(JSON.parse(loose.message.content)).toEqual({});
  });

  it('sends images the fake accepts, and the fake rejects bad media types', async () => {
    const { adapter } = await setup();
    const ok = await adapter.execute(
      makeCall({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this' },
              { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
              { type: 'image', url: 'https://example.com/cat.jpg' },
            ],
          },
        ],
      }),
    );
    expect(ok.message.content).toBe('echo: what is this');
    expect(ok.usage.inputTokens).toBeGreaterThan(200);
    const bad = await routerErrorOf(
      adapter.execute(
        makeCall({
          messages: [{ role: 'user', content: [{ type: 'image', data: 'AA', mimeType: 'image/bmp' }] }],
        }),
      ),
    );
    expect(bad).toMatchObject({
      category: 'validation',
      status: 400,
      code: 'invalid_request',
      upstreamCode: 'invalid_request_error',
    });
  });

  it('maps max_tokens to length and stop sequences to stop', async () => {
    const { adapter } = await setup();
    const cut = await adapter.execute(
      makeCall({
        messages: [{ role: 'user', content: 'a fairly long sentence to cut' }],
        parameters: { maxTokens: 2 },
      }),
    );
    expect(cut.finishReason).toBe('length');
    expect(cut.usage.outputTokens).toBe(2);
    const stopped = await adapter.execute(
      makeCall({ messages: [{ role: 'user', content: 'one STOP two' }], parameters: { stop: ['STOP'] } }),
    );
    expect(stopped.message.content).toBe('echo: one ');
    expect(stopped.finishReason).toBe('stop');
    expect(stopped.raw).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'STOP' });
  });

  it('reports prompt-cache writes and reads in usage', async () => {
    const { adapter } = await setup({}, { cacheSystemPrompt: true });
    const system = 'You are a meticulous assistant. '.repeat(200);
    const intent = {
      messages: [
        { role: 'system' as const, content: system },
        { role: 'user' as const, content: 'hi' },
      ],
    };
    const first = await adapter.execute(makeCall(intent));
    expect(first.usage.cacheCreationInputTokens).toBeGreaterThan(1024);
    expect(first.usage.cachedInputTokens).toBe(0);
    const second = await adapter.execute(makeCall(intent));
    expect(second.usage.cachedInputTokens).toBe(first.usage.cacheCreationInputTokens);
    expect(second.usage.cacheCreationInputTokens).toBe(0);
    expect(second.usage.inputTokens).toBe(first.usage.inputTokens);
  });

  it('answers 401 for an unknown key and 404 for a model the provider lacks', async () => {
    const { adapter } = await setup({ models: ['claude-haiku-4-5'] });
    const missing = await routerErrorOf(adapter.execute(makeCall({})));
    expect(missing).toMatchObject({
      category: 'not_found',
      status: 404,
      code: 'model_not_found',
      upstreamCode: 'not_found_error',
      keyEffect: 'skip',
    });
    const unknown = await routerErrorOf(
      adapter.execute(makeCall({}, { model: 'claude-haiku-4-5', apiKey: 'sk-ant-api03-unknown-key' })),
    );
    expect(unknown).toMatchObject({ category: 'authentication', status: 401, keyEffect: 'invalidate' });
  });

  it('declares no embeddings and Claude model patterns', () => {
    const adapter = new AnthropicAdapter();
    expect(adapter.id).toBe('anthropic');
    expect('embed' in adapter).toBe(false);
    expect(adapter.capabilities).toMatchObject({ embeddings: false, streaming: true, models: ['claude-*'] });
    expect(new AnthropicAdapter({ providerId: 'anthropic-eu' }).id).toBe('anthropic-eu');
  });
});
