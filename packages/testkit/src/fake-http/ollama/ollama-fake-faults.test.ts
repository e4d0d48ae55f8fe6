import { VirtualClock } from '@apikeyrouter/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../fault-script.js';
import { chat, post, receivedAtLeast } from './ollama-fake.test-helpers.js';
import type { OllamaFakeProvider } from './ollama-fake-options.js';
import { startOllamaFakeServer } from './ollama-fake-server.js';

let fake: OllamaFakeProvider | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('simulated Ollama: error faults', () => {
  it.each<[FaultKind, number, RegExp]>([
    ['rate_limit', 429, /^rate limit exceeded, retry in 1s$/],
    ['quota_exhausted', 429, /quota of this key is exhausted/],
    ['request_too_large', 429, /^request too large/],
    ['unauthorized', 401, /^unauthorized$/],
    ['forbidden', 403, /^forbidden/],
    ['not_found', 404, /^model 'llama3.2' not found, try pulling it first$/],
    ['bad_request', 400, /cannot unmarshal/],
    ['context_length', 400, /exceeds the context length/],
    ['server_error', 500, /llama runner process has terminated/],
    ['overloaded', 503, /^server busy/],
  ])('%s → %i {error}, streamed or not', async (kind, status, message) => {
    fake = await startOllamaFakeServer({ keys: {}, faults: [{ kind, times: 2 }] });
    for (const stream of [false, true]) {
      const res = await post(fake, '/api/chat', chat('hi', { stream }));
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect((res.json as { error: string }).error).toMatch(message);
    }
    expect((await post(fake, '/api/chat', chat('hi', { stream: false }))).status).toBe(200);
    const stats = fake.stats().local;
    expect(status === 429 ? stats?.rateLimited : stats?.errors).toBe(2);
  });

  it('announces the scripted retry-after on rate_limit', async () => {
    fake = await startOllamaFakeServer({ keys: {}, faults: [{ kind: 'rate_limit', delayMs: 2500 }] });
    const res = await post(fake, '/api/chat', chat('hi', { stream: false }));
    expect(res.headers.get('retry-after')).toBe('3');
  });

  it('targets faults by key and by stream flag', async () => {
    fake = await startOllamaFakeServer({
      keys: { a: { label: 'a' }, b: { label: 'b' } },
      faults: [
        { kind: 'server_error', key: 'b' },
        { kind: 'overloaded', stream: true },
      ],
    });
    expect((await post(fake, '/api/chat', chat('hi', { stream: false }), 'a')).status).toBe(200);
    expect((await post(fake, '/api/chat', chat('hi', { stream: true }), 'a')).status).toBe(503);
    expect((await post(fake, '/api/chat', chat('hi', { stream: false }), 'b')).status).toBe(500);
  });
});

describe('simulated Ollama: answer-shaping faults', () => {
  it('content_filter: an empty answer with done_reason content_filter', async () => {
    fake = await startOllamaFakeServer({ keys: {}, faults: [{ kind: 'content_filter', times: 2 }] });
    const plain = await post(fake, '/api/chat', chat('hi', { stream: false }));
    expect(plain.json).toMatchObject({
      done_reason: 'content_filter',
      message: { content: '' },
      eval_count: 0,
    });
    const streamed = await post(fake, '/api/chat', chat('hi'));
    expect(streamed.lines).toEqual([expect.objectContaining({ done: true, done_reason: 'content_filter' })]);
  });

  it('malformed_json: a 200 JSON body cut in half, or a broken NDJSON line', async () => {
    fake = await startOllamaFakeServer({ keys: {}, faults: [{ kind: 'malformed_json', times: 3 }] });
    const plain = await post(fake, '/api/chat', chat('hi', { stream: false }));
    expect([plain.status, plain.json]).toEqual([200, undefined]);
    const streamed = await post(fake, '/api/chat', chat('some words to stream'));
    expect(streamed.status).toBe(200);
    expect(streamed.lines[streamed.lines.length - 1]).toBe('{"model":"broken",');
    const embed = await post(fake, '/api/embed', { model: 'm', input: ['a'] });
    expect([embed.status, embed.json]).toEqual([200, undefined]);
  });

  it('stream_cut: NDJSON that ends before done:true; non-streamed, a body cut short', async () => {
    fake = await startOllamaFakeServer({ keys: {}, faults: [{ kind: 'stream_cut', times: 2 }] });
    const streamed = await post(fake, '/api/chat', chat('some words to stream'));
    expect(streamed.lines.length).toBeGreaterThan(0);
    expect(streamed.lines.some((l) => (l as { done?: boolean }).done === true)).toBe(false);
    await expect(post(fake, '/api/chat', chat('hi', { stream: false }))).rejects.toThrow();
  });

  it('error_after_200: an {"error"} line in a 200 stream; non-streamed, a 500', async () => {
    fake = await startOllamaFakeServer({ keys: {}, faults: [{ kind: 'error_after_200', times: 2 }] });
    const streamed = await post(fake, '/api/chat', chat('some words to stream'));
    expect(streamed.status).toBe(200);
    expect(streamed.lines[streamed.lines.length - 1]).toEqual({
      error: 'an error was encountered while running the model: unexpected EOF',
    });
    const plain = await post(fake, '/api/chat', chat('hi', { stream: false }));
    expect(plain.status).toBe(500);
    expect(fake.stats().local?.errors).toBe(2);
  });
});

describe('simulated Ollama: transport faults', () => {
  it('connection_reset destroys the socket before any answer', async () => {
    fake = await startOllamaFakeServer({ keys: {}, faults: [{ kind: 'connection_reset' }] });
    await expect(post(fake, '/api/chat', chat('hi', { stream: false }))).rejects.toThrow(/fetch failed/);
    expect((await post(fake, '/api/chat', chat('hi', { stream: false }))).status).toBe(200);
  });

  it('timeout never answers; close() ends the hung request', async () => {
    fake = await startOllamaFakeServer({ keys: {}, faults: [{ kind: 'timeout' }] });
    const hung = post(fake, '/api/chat', chat('hi', { stream: false }));
    await receivedAtLeast(fake, 1);
    const closing = fake.close();
    fake = undefined;
    await expect(hung).rejects.toThrow();
    await closing;
  });

  it('slow answers after delayMs on the clock', async () => {
    const clock = new VirtualClock();
    fake = await startOllamaFakeServer({ keys: {}, clock, faults: [{ kind: 'slow', delayMs: 5000 }] });
    let settled = false;
    const pending = post(fake, '/api/chat', chat('hi', { stream: false })).then((res) => {
      settled = true;
      return res;
    });
    while (clock.pendingTimers === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(settled).toBe(false);
    await clock.advance(5000);
    expect((await pending).status).toBe(200);
  });
});
