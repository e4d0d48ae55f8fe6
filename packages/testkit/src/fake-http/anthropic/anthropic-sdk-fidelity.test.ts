import Anthropic, {
  APIError,
  AuthenticationError,
  BadRequestError,
  ContentTooLargeError,
  InternalServerError,
  NotFoundError,
  OverloadedError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../fault-script.js';
import { FAKE_KEY, fakeRegistry } from './anthropic-fake.test-helpers.js';
import type { AnthropicFakeProvider } from './anthropic-fake-types.js';

const fakes = fakeRegistry();
afterEach(() => fakes.closeAll());

const MODEL = 'claude-sonnet-5-5';

function client(fake: AnthropicFakeProvider, apiKey = FAKE_KEY): Anthropic {
  return new Anthropic({ apiKey, baseURL: fake.url, maxRetries: 0 });
}

const weather = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('the official @anthropic-ai/sdk against the simulated provider', () => {
  it('parses a message with usage and the request id', async () => {
    const fake = await fakes.start();
    const message = await client(fake).messages.create({
      model: MODEL,
      max_tokens: 64,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hello sdk' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'echo: hello sdk' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(4);
    expect(message._request_id).toMatch(/^req_fake/);
    // This SDK authenticates with a Bearer header and pins a newer version; the fake accepts both forms.
    expect(fake.requests()[0]?.headers).toMatchObject({ authorization: '[redacted]' });
    expect(JSON.stringify(fake.requests())).not.toContain(FAKE_KEY);
  });

  it('parses tool_use blocks and accepts tool_result turns', async () => {
    const fake = await fakes.start();
    const sdk = client(fake);
    const first = await sdk.messages.create({
      model: MODEL,
      max_tokens: 64,
      tools: [weather],
      tool_choice: { type: 'tool', name: 'get_weather' },
      messages: [{ role: 'user', content: 'weather in Oslo?' }],
    });
    const use = first.content.find((block) => block.type === 'tool_use');
    expect(use).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'echo' } });
    expect(first.stop_reason).toBe('tool_use');
    const second = await sdk.messages.create({
      model: MODEL,
      max_tokens: 64,
      tools: [weather],
      messages: [
        { role: 'user', content: 'weather in Oslo?' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: use?.type === 'tool_use' ? use.id : '', content: 'sunny' },
          ],
        },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'echo: sunny' }]);
  });

  it('accumulates a stream with messages.stream().finalMessage(), tool input included', async () => {
    const fake = await fakes.start();
    const stream = client(fake).messages.stream({
      model: MODEL,
      max_tokens: 64,
      tools: [weather],
      messages: [{ role: 'user', content: 'please call get_weather' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const final = await stream.finalMessage();
    expect(texts.join('')).toBe('echo: please call get_weather');
    expect(final.content[0]).toEqual({ type: 'text', text: 'echo: please call get_weather' });
    expect(final.content[1]).toMatchObject({
      type: 'tool_use',
      name: 'get_weather',
      input: { city: 'echo' },
    });
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage.output_tokens).toBeGreaterThan(1);
  });

  it('iterates raw events with stream: true', async () => {
    const fake = await fakes.start();
    const stream = await client(fake).messages.create({
      model: MODEL,
      max_tokens: 64,
      stream: true,
      messages: [{ role: 'user', content: 'raw events' }],
    });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(text).toBe('echo: raw events');
  });

  it.each<[FaultKind, new (...args: never[]) => APIError, number, string]>([
    ['bad_request', BadRequestError, 400, 'invalid_request_error'],
    ['unauthorized', AuthenticationError, 401, 'authentication_error'],
    ['quota_exhausted', PaymentRequiredError, 402, 'billing_error'],
    ['forbidden', PermissionDeniedError, 403, 'permission_error'],
    ['not_found', NotFoundError, 404, 'not_found_error'],
    ['request_too_large', ContentTooLargeError, 413, 'request_too_large'],
    ['rate_limit', RateLimitError, 429, 'rate_limit_error'],
    ['server_error', InternalServerError, 500, 'api_error'],
    ['overloaded', OverloadedError, 529, 'overloaded_error'],
  ])('raises the SDK error class for %s', async (kind, ErrorClass, status, type) => {
    const fake = await fakes.start({ faults: [{ kind }] });
    const error = await client(fake)
      .messages.create({ model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: 'x' }] })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ status, type });
    expect((error as APIError).requestID).toMatch(/^req_fake/);
  });

  it('raises AuthenticationError for an unknown key', async () => {
    const fake = await fakes.start();
    await expect(
      client(fake, 'sk-ant-nobody').messages.create({
        model: MODEL,
        max_tokens: 8,
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('raises the error event after HTTP 200 as an APIError of type overloaded_error', async () => {
    const fake = await fakes.start({ faults: [{ kind: 'error_after_200', stream: true }] });
    const stream = client(fake).messages.stream({
      model: MODEL,
      max_tokens: 8,
      messages: [{ role: 'user', content: 'x' }],
    });
    const error = await stream.finalMessage().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ type: 'overloaded_error' });
  });
});
