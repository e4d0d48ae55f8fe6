import { type OllamaFakeProvider, startLoopbackServer, startOllamaFakeServer } from '@apikeyrouter/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { OllamaAdapter } from './ollama-adapter.js';
import { chatCall } from './ollama-adapter.test-helpers.js';

let fake: OllamaFakeProvider | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: Parameters<typeof startOllamaFakeServer>[0] = {}) {
  fake = await startOllamaFakeServer(options);
  return { fake, adapter: new OllamaAdapter({ baseURL: fake.url }) };
}

describe('OllamaAdapter.execute', () => {
  it('sends a non-streamed /api/chat and normalises the answer', async () => {
    const { fake, adapter } = await setup();
    const res = await adapter.execute(
      chatCall({
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'hello there' },
        ],
        parameters: { temperature: 0.1, maxTokens: 50, topP: 0.5, stop: ['END'], seed: 3 },
      }),
    );
    expect(res.message).toEqual({ role: 'assistant', content: 'echo: hello there' });
    expect(res.finishReason).toBe('stop');
    expect(res.usage).toEqual({ inputTokens: 5, outputTokens: 5, totalTokens: 10 });
    expect(res.model).toBe('llama3.2');
    expect(res.rateLimits).toEqual({ dimensions: [] });
    expect(res.providerRequestId).toBeUndefined();
    expect((res.raw as { done: boolean }).done).toBe(true);
    const [sent] = fake.received();
    expect(sent?.path).toBe('/api/chat');
    expect(sent?.body).toEqual({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hello there' },
      ],
      stream: false,
      options: { temperature: 0.1, num_predict: 50, top_p: 0.5, stop: ['END'], seed: 3 },
    });
    expect(sent?.bearer).toBe(false);
    expect(sent?.headers['x-request-id']).toBe('req-1');
    expect(sent?.headers['content-type']).toBe('application/json');
  });

  it('reports length when num_predict cuts the answer', async () => {
    const { adapter } = await setup();
    const res = await adapter.execute(chatCall({ parameters: { maxTokens: 1 } }));
    expect([res.finishReason, res.usage.outputTokens]).toEqual(['length', 1]);
  });

  it('runs a tool round trip: object arguments out as JSON text, results back with tool_name', async () => {
    const { fake, adapter } = await setup();
    const tools = [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }];
    const first = await adapter.execute(
      chatCall({ messages: [{ role: 'user', content: 'get_weather Paris' }], tools }),
    );
    expect(first.finishReason).toBe('tool_calls');
    const call = first.message.toolCalls?.[0];
    expect(call && [call.name, JSON.parse(call.arguments)]).toEqual([
      'get_weather',
      { query: 'get_weather Paris' },
    ]);
    const second = await adapter.execute(
      chatCall({
        messages: [
          { role: 'user', content: 'get_weather Paris' },
          { role: 'assistant', content: '', toolCalls: first.message.toolCalls },
          { role: 'tool', toolCallId: call?.id ?? '', content: 'sunny' },
        ],
        tools,
      }),
    );
    expect(second.message.content).toBe('echo: sunny');
    const sent = fake.received()[1]?.body as { messages: unknown[]; tools: unknown[] };
    expect(sent.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'get_weather', arguments: { query: 'get_weather Paris' } } }],
      },
      { role: 'tool', content: 'sunny', tool_name: 'get_weather' },
    ]);
    expect(sent.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
      },
    ]);
  });

  it('sends images as base64 and JSON format, and reads JSON output', async () => {
    const { fake, adapter } = await setup();
    const res = await adapter.execute(
      chatCall(
        {
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'describe' },
                { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
              ],
            },
          ],
          responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' } },
        },
        { model: 'llava' },
      ),
    );
    expect(JSON.parse(res.message.content)).toEqual({ echo: 'echo: describe [images: 1]' });
    expect(fake.received()[0]?.body).toMatchObject({
      model: 'llava',
      format: { type: 'object' },
      messages: [{ role: 'user', content: 'describe', images: ['iVBORw0KGgo='] }],
    });
  });

  it('rejects image URLs before any HTTP call', async () => {
    const { fake, adapter } = await setup();
    const call = chatCall({
      messages: [{ role: 'user', content: [{ type: 'image', url: 'https://x/y.png' }] }],
    });
    await expect(adapter.execute(call)).rejects.toMatchObject({ category: 'validation' });
    await expect(adapter.stream(call)).rejects.toMatchObject({ category: 'validation' });
    expect(fake.received()).toHaveLength(0);
  });

  it('sends keep_alive, extra headers and a Bearer token only when a key is given', async () => {
    fake = await startOllamaFakeServer({ keys: { 'sk-proxy': {} } });
    const adapter = new OllamaAdapter({
      baseURL: `${fake.url}/`,
      keepAlive: '10m',
      headers: { 'x-team': 'search' },
    });
    await adapter.execute(chatCall({}, { apiKey: 'sk-proxy' }));
    const [sent] = fake.received();
    expect(sent?.bearer).toBe(true);
    expect(sent?.headers['x-team']).toBe('search');
    expect(sent?.body).toMatchObject({ keep_alive: '10m' });
    await expect(adapter.execute(chatCall())).rejects.toMatchObject({
      category: 'authentication',
      status: 401,
    });
    expect(fake.stats()).toMatchObject({ 'key-0': { successes: 1 }, unauthenticated: { errors: 1 } });
  });

  it('uses an injected fetch and reports a proxy request id', async () => {
    const server = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'proxy-42' });
      res.end(
        JSON.stringify({ model: 'm', message: { role: 'assistant', content: 'ok' }, done: true, extra: [1] }),
      );
    });
    let calls = 0;
    const adapter = new OllamaAdapter({
      baseURL: server.url,
      fetch: (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    const res = await adapter.execute(chatCall());
    await server.close();
    expect([calls, res.providerRequestId, res.message.content, res.usage.totalTokens]).toEqual([
      1,
      'proxy-42',
      'ok',
      0,
    ]);
  });
});
