import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../fault-script.js';
import type { OpenAIFakeProvider } from './openai-fake-options.js';
import { startOpenAIFakeServer } from './openai-fake-server.js';

const KEY = 'sk-fault-test-key-1234567890';
const OTHER = 'sk-fault-other-key-0987654321';
let fake: OpenAIFakeProvider;

beforeAll(async () => {
  fake = await startOpenAIFakeServer({ keys: { [KEY]: { rpm: 100, label: 'k' }, [OTHER]: { label: 'o' } } });
});
afterAll(() => fake.close());
beforeEach(() => fake.faults.clear());

function chat(stream = false, key = KEY, signal?: AbortSignal) {
  return fetch(`${fake.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'a message long enough for several chunks' }],
      stream,
      stream_options: stream ? { include_usage: true } : undefined,
    }),
    signal,
  });
}

describe('error faults render as OpenAI errors, with rate-limit headers', () => {
  it.each<[FaultKind, number, string | null, string]>([
    ['rate_limit', 429, 'rate_limit_exceeded', 'Please try again in 1.146s'],
    ['quota_exhausted', 429, 'insufficient_quota', 'You exceeded your current quota'],
    ['request_too_large', 429, 'rate_limit_exceeded', 'Request too large for gpt-4o-mini'],
    ['unauthorized', 401, 'invalid_api_key', 'Incorrect API key provided: sk-fault***'],
    ['forbidden', 403, 'unsupported_country_region_territory', 'Country, region, or territory not supported'],
    ['not_found', 404, 'model_not_found', 'The model `gpt-4o-mini` does not exist'],
    ['bad_request', 400, null, "Invalid value for 'temperature'"],
    ['context_length', 400, 'context_length_exceeded', "This model's maximum context length"],
    ['server_error', 500, null, 'The server had an error'],
    ['overloaded', 503, null, 'overloaded'],
  ])('%s → %i', async (kind, status, code, words) => {
    fake.faults.add({ kind });
    const res = await chat();
    expect(res.status).toBe(status);
    expect(res.headers.get('x-ratelimit-limit-requests')).toBe('100');
    const body = (await res.json()) as { error: { code: string | null; message: string; type: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toContain(words);
    expect(typeof body.error.type).toBe('string');
  });

  it('rate_limit announces delayMs as retry-after seconds and in the message', async () => {
    fake.faults.add({ kind: 'rate_limit', delayMs: 6500 });
    const res = await chat();
    expect(res.headers.get('retry-after')).toBe('7');
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      'Please try again in 6.5s.',
    );
  });
});

describe('faults that start with 200', () => {
  it('content_filter: finish_reason content_filter', async () => {
    fake.faults.add({ kind: 'content_filter' });
    const body = (await (await chat()).json()) as { choices: Array<{ finish_reason: string }> };
    expect(body.choices[0]?.finish_reason).toBe('content_filter');
  });

  it('malformed_json: a 200 whose body is not JSON, and a stream with a broken data line', async () => {
    fake.faults.add({ kind: 'malformed_json', stream: false });
    fake.faults.add({ kind: 'malformed_json', stream: true });
    const plain = await chat();
    expect(plain.status).toBe(200);
    await expect(plain.json()).rejects.toThrow();
    const streamed = await (await chat(true)).text();
    expect(streamed).toContain('"content":"Hel\n');
    expect(streamed).not.toContain('[DONE]');
  });

  it('stream_cut: chunks, then the socket dies without [DONE]', async () => {
    fake.faults.add({ kind: 'stream_cut', stream: true });
    const res = await chat(true);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(fake.stats().k?.errors).toBeGreaterThan(0);
  });

  it('stream_cut on a JSON answer: the body stops short of its content-length', async () => {
    fake.faults.add({ kind: 'stream_cut', stream: false });
    const res = await chat();
    await expect(res.text()).rejects.toThrow();
  });

  it('error_after_200: a content chunk, then an error event, then the end', async () => {
    fake.faults.add({ kind: 'error_after_200', stream: true });
    fake.faults.add({ kind: 'error_after_200', stream: false });
    const text = await (await chat(true)).text();
    const events = text.split('\n\n').filter(Boolean);
    expect(events).toHaveLength(3);
    expect(JSON.parse(events[2]?.slice(6) ?? '')).toMatchObject({ error: { type: 'server_error' } });
    const plain = await chat();
    expect(plain.status).toBe(200);
    expect(await plain.json()).toMatchObject({ error: { type: 'server_error' } });
  });
});

describe('transport faults', () => {
  it('connection_reset: the socket is destroyed before a response', async () => {
    fake.faults.add({ kind: 'connection_reset' });
    await expect(chat()).rejects.toThrow();
  });

  it('timeout: never answers until the client gives up', async () => {
    fake.faults.add({ kind: 'timeout' });
    const controller = new AbortController();
    const pending = chat(false, KEY, controller.signal);
    for (let i = 0; i < 2000 && fake.received().length === 0; i++) await new Promise((r) => setTimeout(r, 1));
    const before = fake.received().length;
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(before).toBeGreaterThan(0);
  });

  it('slow: answers normally after the delay', async () => {
    fake.faults.add({ kind: 'slow', delayMs: 5 });
    expect((await chat()).status).toBe(200);
  });
});

describe('fault targeting', () => {
  it('a fault for one key, for streams only, after skipping one request, spends itself', async () => {
    fake.faults.add({ kind: 'server_error', key: OTHER, stream: true, after: 1, times: 2 });
    expect((await chat(true, KEY)).status).toBe(200);
    expect((await chat(false, OTHER)).status).toBe(200);
    const first = await chat(true, OTHER);
    expect(first.status).toBe(200);
    await first.text();
    expect((await chat(true, OTHER)).status).toBe(500);
    expect((await chat(true, OTHER)).status).toBe(500);
    const after = await chat(true, OTHER);
    expect(after.status).toBe(200);
    await after.text();
  });
});
