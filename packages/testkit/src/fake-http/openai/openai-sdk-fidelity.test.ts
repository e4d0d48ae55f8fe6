import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenAIFakeProvider } from './openai-fake-options.js';
import { startOpenAIFakeServer } from './openai-fake-server.js';

/** The official client must read everything the fake sends exactly as it reads api.openai.com. */
const KEY = 'sk-sdk-fidelity-key-42424242';
let fake: OpenAIFakeProvider;
let client: OpenAI;

beforeAll(async () => {
  fake = await startOpenAIFakeServer({ keys: { [KEY]: { rpm: 1000, tpm: 1_000_000 } } });
  client = new OpenAI({ apiKey: KEY, baseURL: `${fake.url}/v1`, maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => fake.faults.clear());

async function apiError(run: () => Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await run();
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('expected an APIError');
}

describe('the official openai client against the fake', () => {
  it('parses a chat completion, with its request id and usage', async () => {
    const { data, response, request_id } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello there' }] })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]?.message.content).toBe('echo: hello there');
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage?.completion_tokens).toBe(5);
    expect(request_id).toMatch(/^req_fake/);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('1000');
  });

  it('streams chunks and the include_usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello there' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('echo: hello there');
    expect(finish).toBe('stop');
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + 5);
  });

  it('reads tool calls, whole and streamed (via the SDK stream helper)', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } },
    ];
    const whole = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'weather' }],
      tools,
      tool_choice: 'required',
    });
    const call = whole.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('lookup');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ text: 'weather' });

    const runner = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'weather' }],
      tools,
      tool_choice: { type: 'function', function: { name: 'lookup' } },
    });
    const final = await runner.finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls?.[0];
    expect(streamed?.type === 'function' && streamed.function.arguments).toBe('{"text":"weather"}');
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('parses embeddings in its default base64 encoding and in float', async () => {
    const base64 = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    expect(fake.received().at(-1)?.body).toMatchObject({ encoding_format: 'base64' });
    const float = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
      encoding_format: 'float',
    });
    expect(base64.data.map((d) => d.embedding)).toEqual(float.data.map((d) => d.embedding));
    expect(float.data[1]?.index).toBe(1);
    expect(float.usage.prompt_tokens).toBe(2);
  });

  it('lists models', async () => {
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toContain('gpt-4o-mini');
  });

  it.each([
    ['rate_limit', OpenAI.RateLimitError, 429, 'rate_limit_exceeded', 'tokens'],
    ['quota_exhausted', OpenAI.RateLimitError, 429, 'insufficient_quota', 'insufficient_quota'],
    ['unauthorized', OpenAI.AuthenticationError, 401, 'invalid_api_key', 'invalid_request_error'],
    [
      'forbidden',
      OpenAI.PermissionDeniedError,
      403,
      'unsupported_country_region_territory',
      'request_forbidden',
    ],
    ['not_found', OpenAI.NotFoundError, 404, 'model_not_found', 'invalid_request_error'],
    ['context_length', OpenAI.BadRequestError, 400, 'context_length_exceeded', 'invalid_request_error'],
    ['server_error', OpenAI.InternalServerError, 500, null, 'server_error'],
    ['overloaded', OpenAI.InternalServerError, 503, null, 'server_error'],
  ] as const)(
    'maps the %s fault to its SDK error class with status, code and type',
    async (kind, type, status, code, errorType) => {
      fake.faults.add({ kind });
      const error = await apiError(() =>
        client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
      );
      expect(error).toBeInstanceOf(type);
      expect(error.status).toBe(status);
      expect(error.code).toBe(code);
      expect(error.type).toBe(errorType);
      expect(error.requestID).toMatch(/^req_fake/);
    },
  );

  it('sees retry-after on a 429', async () => {
    fake.faults.add({ kind: 'rate_limit', delayMs: 2500 });
    const error = await apiError(() =>
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(error.headers?.get('retry-after')).toBe('3');
    expect(error.message).toContain('Please try again in 2.5s');
  });

  it('throws an APIError for an error event inside a 200 stream', async () => {
    fake.faults.add({ kind: 'error_after_200', stream: true });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello there' }],
      stream: true,
    });
    const error = await apiError(async () => {
      for await (const _chunk of stream) {
        // consume until the error event
      }
    });
    expect(error.message).toContain('The server had an error');
  });
});
