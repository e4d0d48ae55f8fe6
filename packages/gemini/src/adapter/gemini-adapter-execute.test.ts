import {
  countFakeTokens,
  type GeminiFakeProvider,
  routerErrorOf,
  startGeminiFakeServer,
} from '@apikeyrouter/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGeminiRequest } from '../request/to-gemini-request.js';
import { makeCall, say } from './adapter-call.test-helpers.js';
import { GeminiAdapter } from './gemini-adapter.js';

const KEY = 'AIza-CANARY-execute-0001';
let fake: GeminiFakeProvider;
let adapter: GeminiAdapter;

beforeAll(async () => {
  fake = await startGeminiFakeServer({
    keys: { [KEY]: { label: 'main' } },
    blockPromptsContaining: 'FORBIDDEN-TOPIC',
  });
  adapter = new GeminiAdapter({ baseURL: fake.url });
});
afterAll(() => fake.close());

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
};

describe('GeminiAdapter.execute', () => {
  it('answers a prompt with content, finish reason, usage, model and response id', async () => {
    const response = await adapter.execute(makeCall(say('hello'), { apiKey: KEY }));
    expect(response.message).toEqual({ role: 'assistant', content: 'echo: hello' });
    expect(response.finishReason).toBe('stop');
    expect(response.usage).toEqual({ inputTokens: 2, outputTokens: 3, totalTokens: 5 });
    expect(response.model).toBe('gemini-2.0-flash');
    expect(response.providerRequestId).toMatch(/^fake-gemini-\d+$/);
    expect(response.rateLimits).toEqual({ dimensions: [] });
    expect(response.raw).toMatchObject({
      candidates: [{ finishReason: 'STOP' }],
      usageMetadata: { totalTokenCount: 5 },
    });
  });

  it('POSTs the serialised intent to :generateContent with the key only in x-goog-api-key', async () => {
    const intent = {
      messages: [
        { role: 'system' as const, content: 'Be brief' },
        { role: 'user' as const, content: 'hi' },
      ],
      parameters: { temperature: 0.5 },
    };
    await adapter.execute(makeCall(intent, { apiKey: KEY, model: 'gemini-2.5-flash' }));
    const logged = fake.requests().at(-1);
    expect(logged).toEqual({
      path: '/v1beta/models/gemini-2.5-flash:generateContent',
      query: {},
      body: JSON.parse(
        JSON.stringify(toGeminiRequest({ model: 'gemini-2.5-flash', ...intent }, 'gemini-2.5-flash')),
      ),
      keyLabel: 'main',
      keySource: 'header',
    });
  });

  it('reports thinking tokens of thinking models as reasoning output', async () => {
    const response = await adapter.execute(
      makeCall(say('hello'), { apiKey: KEY, model: 'gemini-2.5-flash' }),
    );
    expect(response.usage).toEqual({ inputTokens: 2, outputTokens: 7, totalTokens: 9, reasoningTokens: 4 });
  });

  it('round-trips a tool call and its result, thought signature included (Gemini 3 insists)', async () => {
    const model = 'gemini-3-pro-preview';
    const first = await adapter.execute(
      makeCall(
        { messages: [{ role: 'user', content: 'get_weather for Paris' }], tools: [weatherTool] },
        { apiKey: KEY, model },
      ),
    );
    expect(first.finishReason).toBe('tool_calls');
    const call = first.message.toolCalls?.[0];
    expect(call).toMatchObject({ name: 'get_weather', arguments: '{"city":"get_weather for Paris"}' });
    expect(call?.id).toContain('__thought__');
    const followUp = {
      messages: [
        { role: 'user' as const, content: 'get_weather for Paris' },
        { role: 'assistant' as const, content: '', toolCalls: first.message.toolCalls },
        { role: 'tool' as const, toolCallId: call?.id ?? '', content: '{"temp":21}' },
      ],
      tools: [weatherTool],
    };
    const second = await adapter.execute(makeCall(followUp, { apiKey: KEY, model }));
    expect(second.message.content).toBe('echo: get_weather returned {"temp":21}');
    expect(second.finishReason).toBe('stop');
    const unsigned = {
      ...followUp,
      messages: followUp.messages.map((m) =>
        m.role === 'assistant' ? { ...m, toolCalls: [{ ...call, id: 'plain' }] } : m,
      ),
    };
    unsigned.messages[2] = { role: 'tool', toolCallId: 'plain', content: '{}' };
    const error = await routerErrorOf(
      adapter.execute(makeCall(unsigned as typeof followUp, { apiKey: KEY, model })),
    );
    expect(error).toMatchObject({
      category: 'validation',
      status: 400,
      code: 'invalid_request',
      upstreamCode: 'INVALID_ARGUMENT',
    });
  });

  it('honours a forced tool choice', async () => {
    const response = await adapter.execute(
      makeCall(
        { ...say('anything'), tools: [weatherTool], toolChoice: { name: 'get_weather' } },
        { apiKey: KEY },
      ),
    );
    expect(response.message.toolCalls?.map((c) => c.name)).toEqual(['get_weather']);
    const none = await adapter.execute(
      makeCall({ ...say('get_weather now'), tools: [weatherTool], toolChoice: 'none' }, { apiKey: KEY }),
    );
    expect(none.message.toolCalls).toBeUndefined();
  });

  it('returns schema-shaped JSON for json_schema and JSON for json mode', async () => {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' } },
      required: ['city'],
    };
    const structured = await adapter.execute(
      makeCall(
        { ...say('plan'), responseFormat: { type: 'json_schema', name: 'plan', schema } },
        { apiKey: KEY },
      ),
    );
    expect(JSON.parse(structured.message.content)).toEqual({ city: 'echo: plan', days: 1 });
    const json = await adapter.execute(
      makeCall({ ...say('x'), responseFormat: { type: 'json' } }, { apiKey: KEY }),
    );
    expect(JSON.parse(json.message.content)).toEqual({ echo: 'echo: x' });
  });

  it('sends images inline (billed as 258 tokens each)', async () => {
    const response = await adapter.execute(
      makeCall(
        {
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'what' },
                { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
              ],
            },
          ],
        },
        { apiKey: KEY },
      ),
    );
    expect(response.usage.inputTokens).toBe(countFakeTokens('what') + 258);
  });

  it('maps MAX_TOKENS to length and a blocked prompt to content_filter', async () => {
    const capped = await adapter.execute(
      makeCall({ ...say('a long enough prompt'), parameters: { maxTokens: 2 } }, { apiKey: KEY }),
    );
    expect(capped).toMatchObject({ finishReason: 'length', usage: { outputTokens: 2 } });
    const blocked = await adapter.execute(makeCall(say('tell me about FORBIDDEN-TOPIC'), { apiKey: KEY }));
    expect(blocked).toMatchObject({ finishReason: 'content_filter', message: { content: '' } });
  });

  it('serves Gemma without a system instruction', async () => {
    const response = await adapter.execute(
      makeCall(
        {
          messages: [
            { role: 'system', content: 'Be brief' },
            { role: 'user', content: 'hi' },
          ],
        },
        { apiKey: KEY, model: 'gemma-3-27b-it' },
      ),
    );
    expect(response.message.content).toBe('echo: Be briefhi');
    expect(fake.requests().at(-1)?.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Be brief' }, { text: 'hi' }] }],
    });
  });

  it('applies baseURL, apiVersion, headers, providerId and an injected fetch', async () => {
    const seen: Array<{ url: string; headers: Headers }> = [];
    const custom = new GeminiAdapter({
      baseURL: `${fake.url}/`,
      apiVersion: 'v1',
      headers: { 'x-goog-user-project': 'proj-1', 'x-goog-api-key': 'must-not-win' },
      providerId: 'gemini-eu',
      fetch: (input, init) => {
        seen.push({ url: String(input), headers: new Headers(init?.headers) });
        return fetch(input, init);
      },
    });
    expect(custom.id).toBe('gemini-eu');
    await custom.execute(makeCall(say('hi'), { apiKey: KEY, model: 'models/gemini-2.0-flash' }));
    expect(seen[0]?.url).toBe(`${fake.url}/v1/models/gemini-2.0-flash:generateContent`);
    expect(seen[0]?.headers.get('x-goog-user-project')).toBe('proj-1');
    expect(seen[0]?.headers.get('x-goog-api-key')).toBe(KEY);
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
    const error = await routerErrorOf(custom.execute(makeCall(say('hi'), { apiKey: 'AIza-unknown' })));
    expect(error.providerId).toBe('gemini-eu');
  });

  it('counts the calls per key label in the fake', () => {
    expect(fake.stats().main?.requests).toBe(fake.requests().filter((r) => r.keyLabel === 'main').length);
  });
});
