import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROKE_KEY,
  type GatewayFixture,
  LIMITED_KEY,
  startFixture,
  TEAM_KEY,
} from './gateway-fixture.test-helpers.js';

describe('the official openai SDK against the gateway', () => {
  let fx: GatewayFixture;
  let client: OpenAI;
  const as = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${fx.url}/v1`, maxRetries: 0 });
  const messages = [{ role: 'user' as const, content: 'hello gateway' }];

  beforeAll(async () => {
    fx = await startFixture();
    client = as(TEAM_KEY);
  });
  afterAll(() => fx.close());

  it('answers a chat completion, naming the model as served, with identity headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: hello gateway');
    expect(data.model).toBe('gpt-4o-mini');
    expect(data.usage?.total_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-apikeyrouter-provider')).toBe('openai');
    expect(response.headers.get('x-apikeyrouter-key-id')).toMatch(/^openai_/);
    expect(response.headers.get('x-apikeyrouter-attempts')).toBe('1');
    expect(Number(response.headers.get('x-apikeyrouter-cost'))).toBeGreaterThan(0);
    expect(response.headers.get('x-apikeyrouter-request-id')).toMatch(/^gw_/);
  });

  it('streams with include_usage: deltas, a finish reason, then a usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    let identity: Record<string, string> | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish ??= chunk.choices[0]?.finish_reason;
      if (chunk.usage) usage = chunk.usage;
      identity ??= (chunk as { apikeyrouter?: Record<string, string> }).apikeyrouter;
    }
    expect(identity).toMatchObject({ provider: 'openai', attempts: '1', model: 'gpt-4o-mini' });
    expect(identity?.['key-id']).toMatch(/^openai_/);
    expect(text).toBe('echo: hello gateway');
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('passes tools and returns tool calls, in one piece and streamed', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: { name: 'lookup', description: 'Looks up', parameters: { type: 'object', properties: {} } },
      },
    ];
    const res = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      tools,
      tool_choice: 'required',
    });
    const call = res.choices[0]?.message.tool_calls?.[0];
    expect(res.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('lookup');
    const stream = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages,
      tools,
      tool_choice: 'required',
    });
    const final = await stream.finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls?.[0];
    expect(streamed?.type === 'function' && JSON.parse(streamed.function.arguments)).toEqual({
      text: 'hello gateway',
    });
  });

  it('serves an Anthropic model through the OpenAI format', async () => {
    const res = await client.chat.completions.create({ model: 'claude-3-5-haiku-latest', messages });
    expect(res.choices[0]?.message.content).toBe('echo: hello gateway');
    expect(res.model).toMatch(/^claude-3-5-haiku/);
  });

  it('embeds (the SDK asks for base64 by default) and lists models', async () => {
    const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'bb'] });
    expect(res.data).toHaveLength(2);
    expect(res.data[0]?.embedding.length).toBeGreaterThan(0);
    expect(res.data[0]?.embedding.every(Number.isFinite)).toBe(true);
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(
      expect.arrayContaining(['gpt-4o-mini', 'text-embedding-3-small', 'claude-3-5-haiku-latest']),
    );
  });

  it('raises AuthenticationError for an unknown gateway key', async () => {
    const error = await as('akr-wrong-key-0000000000000000')
      .chat.completions.create({ model: 'gpt-4o-mini', messages })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('raises PermissionDeniedError for a model outside the allow-list', async () => {
    const error = await as(LIMITED_KEY)
      .chat.completions.create({ model: 'gpt-4o', messages })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((error as InstanceType<typeof OpenAI.PermissionDeniedError>).code).toBe('model_not_allowed');
  });

  it('raises RateLimitError with retry-after past the virtual key rpm', async () => {
    const limited = as(LIMITED_KEY);
    await limited.chat.completions.create({ model: 'gpt-4o-mini', messages });
    await limited.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const error = (await limited.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(Number(error.headers?.get('retry-after'))).toBeGreaterThan(0);
  });

  it('raises RateLimitError with code insufficient_quota when the virtual key budget is spent', async () => {
    const error = (await as(BROKE_KEY)
      .chat.completions.create({ model: 'gpt-4o-mini', messages })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe('insufficient_quota');
  });

  it('raises BadRequestError naming the parameter, NotFoundError for an unknown model', async () => {
    const bad = (await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages, temperature: 7 })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect(bad.param).toContain('temperature');
    const missing = await client.chat.completions
      .create({ model: 'no-such-model', messages })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('answers 413 for a body over the limit', async () => {
    const error = (await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(100_000) }] })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(413);
    expect(error.code).toBe('request_too_large');
  });
});
