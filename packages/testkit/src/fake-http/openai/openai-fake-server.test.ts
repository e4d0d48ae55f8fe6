import { VirtualClock } from '@apikeyrouter/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenAIFakeOptions, OpenAIFakeProvider } from './openai-fake-options.js';
import { startOpenAIFakeServer } from './openai-fake-server.js';

const KEY = 'sk-fake-test-key-000111222333';
const servers: OpenAIFakeProvider[] = [];

async function start(options: OpenAIFakeOptions): Promise<OpenAIFakeProvider> {
  const fake = await startOpenAIFakeServer(options);
  servers.push(fake);
  return fake;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((fake) => fake.close()));
});

function chat(
  url: string,
  body: Record<string, unknown> = {},
  key: string | null = KEY,
  path = '/v1/chat/completions',
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello there' }],
      ...body,
    }),
  });
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(condition()).toBe(true);
}

describe('auth', () => {
  it('answers 401 with OpenAI bodies for missing and unknown keys, masking the key', async () => {
    const fake = await start({ keys: { [KEY]: {} } });
    const missing = await chat(fake.url, {}, null);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain(
      "didn't provide an API key",
    );
    const unknown = await chat(fake.url, {}, 'sk-unknown-abcdefghijkl9999');
    expect(await unknown.json()).toEqual({
      error: {
        message: expect.stringContaining('Incorrect API key provided: sk-unkno***************9999.'),
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
    expect(fake.stats().unknown).toMatchObject({ requests: 2, errors: 2 });
  });

  it('echoes the key in full when asked', async () => {
    const fake = await start({ keys: { [KEY]: {} }, echoKey: 'full' });
    const body = await (await chat(fake.url, {}, 'sk-other-0000')).text();
    expect(body).toContain('sk-other-0000');
  });
});

describe('answers and headers', () => {
  it('answers a chat completion with usage, request id and rate-limit headers', async () => {
    const fake = await start({
      keys: { [KEY]: { rpm: 60, tpm: 1000, label: 'a' } },
      clock: new VirtualClock(),
    });
    const res = await chat(fake.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^req_fake/);
    expect(res.headers.get('x-ratelimit-limit-requests')).toBe('60');
    expect(res.headers.get('x-ratelimit-remaining-requests')).toBe('59');
    expect(res.headers.get('x-ratelimit-reset-requests')).toBe('1m0s');
    expect(res.headers.get('x-ratelimit-limit-tokens')).toBe('1000');
    const body = (await res.json()) as {
      choices: Array<{ message: { content: string } }>;
      usage: { completion_tokens: number };
    };
    expect(body.choices[0]?.message.content).toBe('echo: hello there');
    expect(fake.stats().a).toEqual({
      requests: 1,
      successes: 1,
      rateLimited: 0,
      errors: 0,
      inputTokens: 3,
      outputTokens: 5,
    });
  });

  it('logs requests without key material', async () => {
    const fake = await start({ keys: { [KEY]: {} } });
    await chat(fake.url, { temperature: 1 });
    const seen = fake.received();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.body).toMatchObject({ temperature: 1 });
    expect(JSON.stringify(seen)).not.toContain(KEY);
  });

  it('streams chunks with usage: null, a final usage chunk and [DONE]', async () => {
    const fake = await start({ keys: { [KEY]: {} } });
    const res = await chat(fake.url, { stream: true, stream_options: { include_usage: true } });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice('data: '.length)));
    expect(chunks.slice(0, -1).every((c) => c.usage === null && c.object === 'chat.completion.chunk')).toBe(
      true,
    );
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 5 } });
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
  });

  it('streams without a usage field when include_usage is not asked for', async () => {
    const fake = await start({ keys: { [KEY]: {} } });
    const text = await (await chat(fake.url, { stream: true })).text();
    expect(text).not.toContain('usage');
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('rejects unknown paths, unserved models and bad bodies like OpenAI', async () => {
    const fake = await start({ keys: { [KEY]: {} }, models: ['gpt-4o-mini'] });
    const path = await chat(fake.url, {}, KEY, '/v1/nope');
    expect(path.status).toBe(404);
    expect(((await path.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid URL (POST /v1/nope)',
    );
    const model = await chat(fake.url, { model: 'gpt-9' });
    expect(model.status).toBe(404);
    expect(((await model.json()) as { error: { code: string } }).error.code).toBe('model_not_found');
    const bad = await chat(fake.url, { messages: [] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { param: string } }).error.param).toBe('messages');
  });

  it('serves embeddings in float and base64, and the model list', async () => {
    const fake = await start({ keys: { [KEY]: {} } });
    const embed = (encoding: string) =>
      fetch(`${fake.url}/v1/embeddings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'text-embedding-3-small',
          input: 'hi',
          encoding_format: encoding,
          dimensions: 4,
        }),
      }).then((r) => r.json() as Promise<{ data: Array<{ embedding: number[] | string }> }>);
    const float = (await embed('float')).data[0]?.embedding as number[];
    const base64 = Buffer.from((await embed('base64')).data[0]?.embedding as string, 'base64');
    expect(float).toHaveLength(4);
    expect([0, 1, 2, 3].map((i) => base64.readFloatLE(i * 4))).toEqual(float);
    const models = await fetch(`${fake.url}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(((await models.json()) as { data: Array<{ object: string }> }).data[0]?.object).toBe('model');
  });
});

describe('hidden limits', () => {
  it.each([
    ['requests per minute', { rpm: 1 }, 'requests', 'requests per min (RPM)'],
    ['tokens per minute', { tpm: 20 }, 'tokens', 'tokens per min (TPM)'],
    ['requests per day', { rpd: 1 }, 'requests', 'requests per day (RPD)'],
    ['tokens per day', { tpd: 20 }, 'tokens', 'tokens per day (TPD)'],
  ])('%s → 429 rate_limit_exceeded with a retry hint', async (_name, limits, type, words) => {
    const fake = await start({ keys: { [KEY]: { ...limits, label: 'k' } } });
    expect((await chat(fake.url, { max_tokens: 10 })).status).toBe(200);
    const limited = await chat(fake.url, { max_tokens: 10 });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await limited.json()) as { error: { type: string; code: string; message: string } };
    expect(body.error).toMatchObject({ type, code: 'rate_limit_exceeded' });
    expect(body.error.message).toContain(words);
    expect(body.error.message).toMatch(/Please try again in [\dhms.]+\./);
    expect(fake.stats().k).toMatchObject({ requests: 2, successes: 1, rateLimited: 1 });
  });

  it('a request above the whole TPM limit is "Request too large"', async () => {
    const fake = await start({ keys: { [KEY]: { tpm: 10 } } });
    const res = await chat(fake.url, { max_tokens: 50 });
    expect(res.status).toBe(429);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^Request too large for gpt-4o-mini .* Limit 10, Requested 53\./);
  });

  it('an exhausted billing quota is insufficient_quota', async () => {
    const fake = await start({ keys: { [KEY]: { billingExhausted: true } } });
    const res = await chat(fake.url);
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('insufficient_quota');
  });

  it('latency runs on the clock, and concurrency counts requests in flight', async () => {
    const clock = new VirtualClock();
    const fake = await start({ keys: { [KEY]: { latencyMs: 500, concurrency: 1 } }, clock });
    let done = false;
    const first = chat(fake.url).then((res) => {
      done = true;
      return res;
    });
    await until(() => clock.pendingTimers === 1);
    const second = await chat(fake.url);
    expect(second.status).toBe(429);
    expect(done).toBe(false);
    await clock.advance(500);
    expect((await first).status).toBe(200);
  });

  it('a client that gives up during the latency frees its concurrency slot', async () => {
    const clock = new VirtualClock();
    const fake = await start({ keys: { [KEY]: { latencyMs: 500, concurrency: 1 } }, clock });
    const controller = new AbortController();
    const gone = fetch(`${fake.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
      signal: controller.signal,
    });
    await until(() => clock.pendingTimers === 1);
    controller.abort();
    await expect(gone).rejects.toThrow();
    await clock.advance(500);
    const next = chat(fake.url);
    await until(() => clock.pendingTimers === 1);
    await clock.advance(500);
    expect((await next).status).toBe(200);
  });
});

describe('flavors', () => {
  it('groq reports the per-day request window under *-requests', async () => {
    const fake = await start({
      keys: { [KEY]: { rpm: 30, rpd: 14400, tpm: 6000 } },
      flavor: 'groq',
      clock: new VirtualClock(),
    });
    const res = await chat(fake.url, {}, KEY, '/openai/v1/chat/completions');
    expect(res.headers.get('x-ratelimit-limit-requests')).toBe('14400');
    expect(res.headers.get('x-ratelimit-reset-requests')).toBe('24h0m0s');
  });

  it('azure routes deployments, wants api-version and api-key, and sends integer-second resets', async () => {
    const fake = await start({
      keys: { [KEY]: { rpm: 5, tpm: 100 } },
      flavor: 'azure',
      clock: new VirtualClock(),
    });
    const url = (query: string) => `${fake.url}/openai/deployments/prod/chat/completions${query}`;
    const init = (key: string) => ({
      method: 'POST',
      headers: { 'api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });
    const ok = await fetch(url('?api-version=2024-10-21'), init(KEY));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { model: string }).model).toBe('prod');
    expect(ok.headers.get('x-ratelimit-reset-requests')).toBe('60');
    expect((await fetch(url(''), init(KEY))).status).toBe(404);
    const denied = await fetch(url('?api-version=2024-10-21'), init('nope'));
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('401');
  });

  it('azure reports -1 for an idle window', async () => {
    const fake = await start({ keys: { [KEY]: { rpm: 5 } }, flavor: 'azure' });
    const res = await fetch(`${fake.url}/openai/models?api-version=2024-10-21`, {
      headers: { 'api-key': KEY },
    });
    expect(res.headers.get('x-ratelimit-reset-requests')).toBe('-1');
  });
});
