import { type OpenAIFakeProvider, startOpenAIFakeServer } from '@apikeyrouter/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIAdapter } from './openai-adapter.js';
import { collect, KEY, makeCall, textOf } from './openai-adapter.test-helpers.js';

let fake: OpenAIFakeProvider;
let adapter: OpenAIAdapter;

beforeAll(async () => {
  fake = await startOpenAIFakeServer({ keys: { [KEY]: { rpm: 1000, tpm: 1_000_000, label: 'main' } } });
  adapter = new OpenAIAdapter({ baseURL: `${fake.url}/v1`, organization: 'org-1', project: 'proj-1' });
});
afterAll(() => fake.close());

const lastBody = () => fake.received().at(-1)?.body as Record<string, unknown>;

describe('OpenAIAdapter.execute', () => {
  it('sends the chat body and normalises the answer', async () => {
    const res = await adapter.execute(
      makeCall({
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'hello there' },
        ],
        parameters: { temperature: 0.2, maxTokens: 50, topP: 0.9, stop: ['\n'], seed: 7 },
      }),
    );
    expect(res.message).toEqual({ role: 'assistant', content: 'echo: hello there' });
    expect(res.finishReason).toBe('stop');
    expect(res.usage.outputTokens).toBe(5);
    expect(res.usage.totalTokens).toBe(res.usage.inputTokens + 5);
    expect(res.usage.cachedInputTokens).toBe(0);
    expect(res.model).toBe('gpt-4o-mini');
    expect(res.providerRequestId).toMatch(/^req_fake/);
    expect((res.raw as { object: string }).object).toBe('chat.completion');
    expect(lastBody()).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hello there' },
      ],
      temperature: 0.2,
      max_completion_tokens: 50,
      top_p: 0.9,
      stop: ['\n'],
      seed: 7,
    });
    const headers = fake.received().at(-1)?.headers ?? {};
    expect(headers['openai-organization']).toBe('org-1');
    expect(headers['openai-project']).toBe('proj-1');
    expect(headers['x-client-request-id']).toBe('req-test-1');
  });

  it('turns rate-limit headers into absolute instants on the call clock', async () => {
    const call = makeCall({});
    const before = call.clock.now();
    const res = await adapter.execute(call);
    const requests = res.rateLimits?.dimensions.find((d) => d.dimension === 'requests_per_minute');
    expect(requests?.limit).toBe(1000);
    expect(requests?.remaining).toBeLessThan(1000);
    expect(requests?.resetAt).toBeGreaterThanOrEqual(before);
    expect(res.rateLimits?.dimensions.map((d) => d.dimension)).toContain('tokens_per_minute');
  });

  it('reports a length finish when maxTokens cuts the answer', async () => {
    const res = await adapter.execute(makeCall({ parameters: { maxTokens: 2 } }));
    expect(res.finishReason).toBe('length');
    expect(res.message.content).toBe('echo: he');
  });

  it('maps tools, toolChoice and tool calls, then sends tool results back', async () => {
    const tools = [
      { name: 'lookup', description: 'find things', parameters: { type: 'object', properties: {} } },
    ];
    const first = await adapter.execute(
      makeCall({ messages: [{ role: 'user', content: 'weather?' }], tools, toolChoice: { name: 'lookup' } }),
    );
    expect(lastBody().tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'lookup',
          description: 'find things',
          parameters: { type: 'object', properties: {} },
        },
      },
    ]);
    expect(lastBody().tool_choice).toEqual({ type: 'function', function: { name: 'lookup' } });
    expect(first.finishReason).toBe('tool_calls');
    expect(first.message.content).toBe('');
    const call = first.message.toolCalls?.[0];
    expect(call?.name).toBe('lookup');
    expect(JSON.parse(call?.arguments ?? '')).toEqual({ text: 'weather?' });

    const second = await adapter.execute(
      makeCall({
        messages: [
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: null, toolCalls: first.message.toolCalls },
          { role: 'tool', toolCallId: call?.id ?? '', content: 'sunny' },
        ],
        tools,
        toolChoice: 'auto',
      }),
    );
    expect(lastBody().messages).toEqual([
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: call?.id, type: 'function', function: { name: 'lookup', arguments: call?.arguments } },
        ],
      },
      { role: 'tool', tool_call_id: call?.id, content: 'sunny' },
    ]);
    expect(second.message.content).toBe('echo: sunny');
    expect(second.finishReason).toBe('stop');
  });

  it('sends image parts as image_url with https and data: URLs', async () => {
    const res = await adapter.execute(
      makeCall({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this' },
              { type: 'image', url: 'https://example.com/cat.png', detail: 'low' },
              { type: 'image', data: 'aGVsbG8=', mimeType: 'image/png' },
            ],
          },
        ],
      }),
    );
    expect((lastBody().messages as unknown[])[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'what is this' },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,aGVsbG8=' } },
      ],
    });
    expect(res.message.content).toBe('echo: what is this [images: 2]');
    expect(res.usage.inputTokens).toBeGreaterThanOrEqual(170);
  });

  it('maps responseFormat json and json_schema', async () => {
    const json = await adapter.execute(makeCall({ responseFormat: { type: 'json' } }));
    expect(lastBody().response_format).toEqual({ type: 'json_object' });
    expect(JSON.parse(json.message.content)).toEqual({ echo: 'hello there' });
    await adapter.execute(
      makeCall({
        responseFormat: { type: 'json_schema', name: 'echo', schema: { type: 'object' }, strict: true },
      }),
    );
    expect(lastBody().response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'echo', schema: { type: 'object' }, strict: true },
    });
  });

  it('reports reasoning tokens for reasoning models', async () => {
    const res = await adapter.execute(makeCall({ model: 'o3-mini' }));
    expect(res.usage.reasoningTokens).toBe(8);
    expect(res.usage.outputTokens).toBe(5 + 8);
  });

  it('reports cached prompt tokens when a long prefix repeats', async () => {
    const long = 'x'.repeat(4 * 1100);
    const intent = {
      messages: [
        { role: 'system' as const, content: long },
        { role: 'user' as const, content: 'q' },
      ],
    };
    const first = await adapter.execute(makeCall(intent));
    const second = await adapter.execute(makeCall(intent));
    expect(first.usage.cachedInputTokens).toBe(0);
    expect(second.usage.cachedInputTokens).toBe(1024);
  });
});

describe('OpenAIAdapter.stream', () => {
  it('yields text deltas and one finish with usage from include_usage', async () => {
    const stream = await adapter.stream(makeCall({}));
    expect(stream.providerRequestId).toMatch(/^req_fake/);
    expect(stream.rateLimits?.dimensions.length).toBe(2);
    const parts = await collect(stream.parts);
    expect(lastBody()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(textOf(parts)).toBe('echo: hello there');
    const finish = parts.at(-1);
    expect(finish).toMatchObject({ type: 'finish', finishReason: 'stop', model: 'gpt-4o-mini' });
    expect(finish?.type === 'finish' && finish.usage?.outputTokens).toBe(5);
    expect(parts.filter((p) => p.type === 'finish')).toHaveLength(1);
  });

  it('yields tool-call deltas whose arguments concatenate to JSON', async () => {
    const stream = await adapter.stream(
      makeCall({
        messages: [{ role: 'user', content: 'please lookup the weather in Paris' }],
        tools: [{ name: 'lookup', parameters: { type: 'object' } }],
      }),
    );
    const parts = await collect(stream.parts);
    const deltas = parts.filter((p) => p.type === 'tool-call-delta');
    expect(deltas[0]).toMatchObject({ index: 0, name: 'lookup', id: expect.stringMatching(/^call_/) });
    const args = deltas.map((d) => (d.type === 'tool-call-delta' ? d.argumentsDelta : '')).join('');
    expect(JSON.parse(args)).toEqual({ text: 'please lookup the weather in Paris' });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool_calls' });
  });
});

describe('servers that ignore stream: true', () => {
  /** A fetch that forwards to the fake with `stream` switched off, like a server that ignores it. */
  const ignoreStream: typeof fetch = (input, init) => {
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    return fetch(input, { ...init, body: JSON.stringify({ ...body, stream: false }) });
  };

  it('turns a whole JSON answer into stream parts', async () => {
    const plain = new OpenAIAdapter({ baseURL: `${fake.url}/v1`, fetch: ignoreStream });
    const stream = await plain.stream(makeCall({}));
    const parts = await collect(stream.parts);
    expect(parts).toEqual([
      { type: 'text-delta', text: 'echo: hello there' },
      {
        type: 'finish',
        finishReason: 'stop',
        usage: expect.objectContaining({ outputTokens: 5 }),
        model: 'gpt-4o-mini',
      },
    ]);
    expect(stream.providerRequestId).toMatch(/^req_fake/);
  });

  it('throws the classified error of a 200 JSON error body before the first part', async () => {
    const plain = new OpenAIAdapter({ baseURL: `${fake.url}/v1`, fetch: ignoreStream });
    fake.faults.add({ kind: 'error_after_200', stream: false });
    await expect(plain.stream(makeCall({}))).rejects.toMatchObject({
      category: 'provider',
      code: 'upstream_error',
      upstreamCode: 'server_error',
    });
  });
});

describe('OpenAIAdapter.embed and listModels', () => {
  it('embeds texts in order with usage', async () => {
    const res = await adapter.embed({
      model: 'text-embedding-3-small',
      input: ['alpha', 'beta'],
      apiKey: KEY,
      signal: new AbortController().signal,
      requestId: 'r',
      clock: makeCall({}).clock,
    });
    expect(lastBody()).toEqual({
      model: 'text-embedding-3-small',
      input: ['alpha', 'beta'],
      encoding_format: 'float',
    });
    expect(res.embeddings).toHaveLength(2);
    expect(res.embeddings[0]).toHaveLength(8);
    expect(res.embeddings[0]).not.toEqual(res.embeddings[1]);
    expect(res.usage.inputTokens).toBe(3);
    expect(res.model).toBe('text-embedding-3-small');
    expect(res.rateLimits?.dimensions.length).toBe(2);
  });

  it('lists models', async () => {
    const models = await adapter.listModels({ apiKey: KEY });
    expect(models.map((m) => m.id)).toContain('gpt-4o-mini');
    expect(models[0]?.ownedBy).toBe('system');
  });
});
