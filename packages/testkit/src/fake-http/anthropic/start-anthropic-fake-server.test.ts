import { VirtualClock } from '@apikeyrouter/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_KEY, fakeRegistry, messagesBody, post, sseEvents } from './anthropic-fake.test-helpers.js';

const fakes = fakeRegistry();
afterEach(() => fakes.closeAll());

describe('simulated Anthropic: protocol', () => {
  it('answers a message in Anthropic shape with request-id', async () => {
    const fake = await fakes.start();
    const answer = await post(fake, messagesBody({ system: 'Be brief.' }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('request-id')).toMatch(/^req_fake/);
    expect(answer.json).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-5-5',
      content: [{ type: 'text', text: 'echo: hello' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { output_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    expect(fake.stats()).toEqual({
      main: { requests: 1, successes: 1, rateLimited: 0, errors: 0, inputTokens: 5, outputTokens: 3 },
    });
  });

  it('rejects unknown or missing keys with a 401 authentication_error body', async () => {
    const fake = await fakes.start();
    for (const key of ['sk-ant-wrong', undefined]) {
      const answer = await post(fake, messagesBody(), { 'x-api-key': key });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({
        type: 'error',
        error: { type: 'authentication_error', message: 'invalid x-api-key' },
        request_id: expect.stringMatching(/^req_/),
      });
    }
    expect(fake.stats().unknown).toMatchObject({ requests: 2, errors: 2 });
  });

  it('requires anthropic-version and a valid body', async () => {
    const fake = await fakes.start();
    const cases: Array<[unknown, Record<string, string | undefined>, string]> = [
      [messagesBody(), { 'anthropic-version': undefined }, 'anthropic-version: header is required'],
      ['{not json', {}, 'There was an error parsing the body of your request'],
      [messagesBody({ max_tokens: undefined }), {}, 'max_tokens: Field required'],
      [messagesBody({ model: '' }), {}, 'model: Field required'],
      [messagesBody({ messages: [] }), {}, 'messages: Field required'],
      [
        messagesBody({ messages: [{ role: 'system', content: 'x' }] }),
        {},
        "messages.0.role: Input should be 'user' or 'assistant'",
      ],
      [messagesBody({ temperature: 1.5 }), {}, 'temperature: Input should be less than or equal to 1'],
      [
        messagesBody({ messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }),
        {},
        'non-empty',
      ],
      [
        messagesBody({ tools: [{ name: 'f', input_schema: { type: 'string' } }] }),
        {},
        "input_schema.type: Input should be 'object'",
      ],
      [
        messagesBody({
          tools: [{ name: 'f', input_schema: { type: 'object' } }],
          tool_choice: { type: 'tool', name: 'g' },
        }),
        {},
        "tool 'g' not found",
      ],
      [messagesBody({ system: 42 }), {}, 'system: Input should be a valid string'],
    ];
    for (const [body, headers, message] of cases) {
      const answer = await post(fake, body, headers);
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
      expect((answer.json as { error: { message: string } }).error.message).toContain(message);
    }
    expect(fake.stats().main?.errors).toBe(cases.length);
  });

  it('enforces tool_use / tool_result pairing', async () => {
    const fake = await fakes.start();
    const use = { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] };
    const unanswered = await post(
      fake,
      messagesBody({ messages: [{ role: 'user', content: 'a' }, use, { role: 'user', content: 'b' }] }),
    );
    expect((unanswered.json as { error: { message: string } }).error.message).toContain(
      'without `tool_result`',
    );
    const orphan = await post(
      fake,
      messagesBody({
        messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'zz', content: 'x' }] }],
      }),
    );
    expect((orphan.json as { error: { message: string } }).error.message).toContain(
      'unexpected `tool_use_id`',
    );
    const paired = await post(
      fake,
      messagesBody({
        messages: [
          { role: 'user', content: 'a' },
          use,
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'done' }] },
        ],
      }),
    );
    expect(paired.json).toMatchObject({ content: [{ type: 'text', text: 'echo: done' }] });
  });

  it('answers 404 not_found_error for unknown models and paths', async () => {
    const fake = await fakes.start({ models: ['claude-haiku-4-5'] });
    const model = await post(fake, messagesBody());
    expect(model.status).toBe(404);
    expect(model.json).toMatchObject({
      error: { type: 'not_found_error', message: 'model: claude-sonnet-5-5' },
    });
    const path = await post(fake, messagesBody(), {}, '/v1/complete');
    expect(path.status).toBe(404);
    expect(fake.requests()).toHaveLength(1);
  });

  it('records requests with the key redacted', async () => {
    const fake = await fakes.start();
    await post(fake, messagesBody());
    const [recorded] = fake.requests();
    expect(recorded?.headers['x-api-key']).toBe('[redacted]');
    expect(JSON.stringify(fake.requests())).not.toContain(FAKE_KEY);
  });

  it('answers "prompt is too long" past the context window', async () => {
    const fake = await fakes.start({ contextWindow: 10 });
    const answer = await post(fake, messagesBody({ messages: [{ role: 'user', content: 'x'.repeat(100) }] }));
    expect(answer.status).toBe(400);
    expect((answer.json as { error: { message: string } }).error.message).toBe(
      'prompt is too long: 25 tokens > 10 maximum',
    );
  });

  it('streams named events ending with message_stop, and cuts at stop sequences', async () => {
    const fake = await fakes.start();
    const answer = await post(fake, messagesBody({ stream: true }));
    expect(answer.headers.get('content-type')).toBe('text/event-stream');
    const events = sseEvents(answer.text);
    expect(events.map(([name]) => name)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    for (const [name, data] of events) expect((data as { type: string }).type).toBe(name);
    expect(events[6]?.[1]).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } });
    expect(await fake.streamEnded(0)).toBe('completed');
    const stopped = await post(fake, messagesBody({ stop_sequences: ['ll'] }));
    expect(stopped.json).toMatchObject({
      content: [{ text: 'echo: he' }],
      stop_reason: 'stop_sequence',
      stop_sequence: 'll',
    });
  });
});

describe('simulated Anthropic: hidden limits and headers', () => {
  const start = Date.UTC(2026, 0, 1, 0, 0, 0);

  it('sends anthropic-ratelimit-* headers with RFC 3339 resets', async () => {
    const clock = new VirtualClock({ start });
    const fake = await fakes.start({ clock, keys: { [FAKE_KEY]: { rpm: 5, tpm: 10_000 } } });
    const answer = await post(fake, messagesBody());
    expect(answer.headers.get('anthropic-ratelimit-requests-limit')).toBe('5');
    expect(answer.headers.get('anthropic-ratelimit-requests-remaining')).toBe('4');
    expect(answer.headers.get('anthropic-ratelimit-requests-reset')).toBe('2026-01-01T00:01:00Z');
    expect(answer.headers.get('anthropic-ratelimit-tokens-limit')).toBe('10000');
    expect(answer.headers.get('anthropic-ratelimit-tokens-remaining')).toBe(String(10_000 - 64 - 2));
  });

  it('429 rate_limit_error with retry-after when rpm is exceeded, until the window slides', async () => {
    const clock = new VirtualClock({ start });
    const fake = await fakes.start({ clock, keys: { [FAKE_KEY]: { rpm: 2, label: 'main' } } });
    await post(fake, messagesBody());
    await clock.advance(15_000);
    await post(fake, messagesBody());
    const limited = await post(fake, messagesBody());
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(limited.headers.get('retry-after')).toBe('45');
    expect(limited.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    await clock.advance(45_000);
    expect((await post(fake, messagesBody())).status).toBe(200);
    expect(fake.stats().main).toMatchObject({ requests: 4, successes: 3, rateLimited: 1 });
  });

  it('413 request_too_large when a request exceeds the token limit outright', async () => {
    const fake = await fakes.start({ keys: { [FAKE_KEY]: { tpm: 50 } } });
    const answer = await post(fake, messagesBody({ max_tokens: 100 }));
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ error: { type: 'request_too_large' } });
  });

  it('429 on concurrency while a slow request is in flight', async () => {
    const clock = new VirtualClock({ start });
    const fake = await fakes.start({ clock, keys: { [FAKE_KEY]: { concurrency: 1, latencyMs: 1000 } } });
    const first = post(fake, messagesBody());
    while (clock.pendingTimers === 0) await new Promise((resolve) => setImmediate(resolve));
    const second = await post(fake, messagesBody());
    expect(second.status).toBe(429);
    expect((second.json as { error: { message: string } }).error.message).toContain('concurrent connections');
    await clock.advance(1000);
    expect((await first).status).toBe(200);
    const third = post(fake, messagesBody());
    while (clock.pendingTimers === 0) await new Promise((resolve) => setImmediate(resolve));
    await clock.advance(1000);
    expect((await third).status).toBe(200);
  });

  it('daily limits → 400 usage-limit message with the date; billing → credit balance', async () => {
    const clock = new VirtualClock({ start: Date.UTC(2026, 0, 1, 9, 30, 20) });
    const fake = await fakes.start({
      clock,
      keys: { [FAKE_KEY]: { rpd: 1 }, 'sk-ant-broke': { billingExhausted: true } },
    });
    await post(fake, messagesBody());
    const daily = await post(fake, messagesBody());
    expect(daily.status).toBe(400);
    expect((daily.json as { error: { message: string } }).error.message).toBe(
      'You have reached your specified API usage limits. You will regain access on 2026-01-02 at 09:31 UTC.',
    );
    const broke = await post(fake, messagesBody(), { 'x-api-key': 'sk-ant-broke' });
    expect(broke.status).toBe(400);
    expect((broke.json as { error: { message: string } }).error.message).toContain(
      'credit balance is too low',
    );
  });
});
