import { afterEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../fault-script.js';
import { FAKE_KEY, fakeRegistry, messagesBody, post, sseEvents } from './anthropic-fake.test-helpers.js';

const fakes = fakeRegistry();
afterEach(() => fakes.closeAll());

describe('simulated Anthropic: faults rendered as Anthropic errors', () => {
  it.each<[FaultKind, number, string]>([
    ['rate_limit', 429, 'rate_limit_error'],
    ['quota_exhausted', 402, 'billing_error'],
    ['request_too_large', 413, 'request_too_large'],
    ['unauthorized', 401, 'authentication_error'],
    ['forbidden', 403, 'permission_error'],
    ['not_found', 404, 'not_found_error'],
    ['bad_request', 400, 'invalid_request_error'],
    ['context_length', 400, 'invalid_request_error'],
    ['server_error', 500, 'api_error'],
    ['overloaded', 529, 'overloaded_error'],
  ])('%s → %i %s, streamed or not', async (kind, status, type) => {
    const fake = await fakes.start({ faults: [{ kind, times: 2 }] });
    for (const stream of [false, true]) {
      const answer = await post(fake, messagesBody({ stream }));
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.headers.get('request-id')).toMatch(/^req_/);
      expect(answer.json).toMatchObject({
        type: 'error',
        error: { type },
        request_id: answer.headers.get('request-id'),
      });
    }
    expect((await post(fake, messagesBody())).status).toBe(200);
  });

  it('announces the rate_limit wait in retry-after and the request headers', async () => {
    const fake = await fakes.start({ faults: [{ kind: 'rate_limit', delayMs: 2500 }] });
    const answer = await post(fake, messagesBody());
    expect(answer.headers.get('retry-after')).toBe('3');
    expect(answer.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(fake.stats().main).toMatchObject({ rateLimited: 1, errors: 0 });
  });

  it('context_length says prompt is too long; not_found names the model', async () => {
    const fake = await fakes.start({ faults: [{ kind: 'context_length' }, { kind: 'not_found' }] });
    expect(((await post(fake, messagesBody())).json as { error: { message: string } }).error.message).toMatch(
      /^prompt is too long/,
    );
    expect(((await post(fake, messagesBody())).json as { error: { message: string } }).error.message).toBe(
      'model: claude-sonnet-5-5',
    );
  });

  it('applies faults only to matching keys, modes and counts', async () => {
    const fake = await fakes.start({
      keys: { [FAKE_KEY]: { label: 'main' }, 'sk-ant-other': { label: 'other' } },
      faults: [{ kind: 'server_error', key: 'sk-ant-other', stream: true, after: 1 }],
    });
    expect((await post(fake, messagesBody({ stream: true }))).status).toBe(200);
    expect((await post(fake, messagesBody({ stream: true }), { 'x-api-key': 'sk-ant-other' })).status).toBe(
      200,
    );
    expect((await post(fake, messagesBody(), { 'x-api-key': 'sk-ant-other' })).status).toBe(200);
    expect((await post(fake, messagesBody({ stream: true }), { 'x-api-key': 'sk-ant-other' })).status).toBe(
      500,
    );
    fake.faults.add({ kind: 'overloaded' });
    expect((await post(fake, messagesBody())).status).toBe(529);
    expect(fake.stats().other).toMatchObject({ requests: 3, successes: 2, errors: 1 });
  });
});

describe('simulated Anthropic: faults that shape the 200 answer or the transport', () => {
  it('content_filter → stop_reason refusal, streamed or not', async () => {
    const fake = await fakes.start({ faults: [{ kind: 'content_filter', times: 2 }] });
    expect((await post(fake, messagesBody())).json).toMatchObject({ stop_reason: 'refusal' });
    const events = sseEvents((await post(fake, messagesBody({ stream: true }))).text);
    expect(events.find(([name]) => name === 'message_delta')?.[1]).toMatchObject({
      delta: { stop_reason: 'refusal' },
    });
  });

  it('error_after_200 → message_start then an overloaded_error event; 529 when not streamed', async () => {
    const fake = await fakes.start({ faults: [{ kind: 'error_after_200', times: 2 }] });
    const streamed = await post(fake, messagesBody({ stream: true }));
    expect(streamed.status).toBe(200);
    expect(sseEvents(streamed.text)).toEqual([
      ['message_start', expect.objectContaining({ type: 'message_start' })],
      [
        'error',
        {
          type: 'error',
          error: { type: 'overloaded_error', message: 'Overloaded' },
          request_id: expect.any(String),
        },
      ],
    ]);
    expect((await post(fake, messagesBody())).status).toBe(529);
  });

  it('stream_cut → events without message_stop; the JSON variant drops the connection', async () => {
    const fake = await fakes.start({ faults: [{ kind: 'stream_cut', times: 2 }] });
    const names = sseEvents((await post(fake, messagesBody({ stream: true }))).text).map(([name]) => name);
    expect(names[0]).toBe('message_start');
    expect(names).not.toContain('message_stop');
    await expect(post(fake, messagesBody())).rejects.toThrow();
    expect(fake.stats().main?.errors).toBe(2);
  });

  it('malformed_json → a 200 whose body (or stream event) is not JSON', async () => {
    const fake = await fakes.start({ faults: [{ kind: 'malformed_json', times: 2 }] });
    const plain = await post(fake, messagesBody());
    expect(plain.status).toBe(200);
    expect(plain.json).toBeUndefined();
    expect(plain.text.startsWith('{"id":"msg_')).toBe(true);
    const events = sseEvents((await post(fake, messagesBody({ stream: true }))).text);
    expect(typeof events[1]?.[1]).toBe('string');
  });

  it('connection_reset → the socket closes without an answer', async () => {
    const fake = await fakes.start({ faults: [{ kind: 'connection_reset' }] });
    await expect(post(fake, messagesBody())).rejects.toThrow();
    expect((await post(fake, messagesBody())).status).toBe(200);
  });

  it('timeout → no answer until the client gives up; slow → answers', async () => {
    const fake = await fakes.start({ faults: [{ kind: 'timeout' }, { kind: 'slow', delayMs: 5 }] });
    const controller = new AbortController();
    const hung = fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': FAKE_KEY, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(messagesBody()),
      signal: controller.signal,
    });
    while (fake.requests().length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(hung).rejects.toThrow();
    expect((await post(fake, messagesBody())).json).toMatchObject({ content: [{ text: 'echo: hello' }] });
  });
});
