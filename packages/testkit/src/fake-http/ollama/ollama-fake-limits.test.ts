import { VirtualClock } from '@apikeyrouter/core';
import { afterEach, describe, expect, it } from 'vitest';
import { chat, post, receivedAtLeast } from './ollama-fake.test-helpers.js';
import type { OllamaFakeProvider } from './ollama-fake-options.js';
import { startOllamaFakeServer } from './ollama-fake-server.js';

let fake: OllamaFakeProvider | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const once = (content = 'hi') => chat(content, { stream: false });

describe('simulated Ollama behind a proxy: hidden limits', () => {
  it('answers 429 {error} with retry-after once requests per minute run out, and recovers', async () => {
    const clock = new VirtualClock();
    fake = await startOllamaFakeServer({ keys: { k: { rpm: 2, label: 'k' } }, clock });
    expect((await post(fake, '/api/chat', once(), 'k')).status).toBe(200);
    await clock.advance(10_000);
    expect((await post(fake, '/api/chat', once(), 'k')).status).toBe(200);
    const limited = await post(fake, '/api/chat', once(), 'k');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('50');
    expect((limited.json as { error: string }).error).toMatch(
      /^rate limit exceeded: requests per minute limit 2/,
    );
    await clock.advance(50_000);
    expect((await post(fake, '/api/chat', once(), 'k')).status).toBe(200);
    expect(fake.stats().k).toMatchObject({ requests: 4, successes: 3, rateLimited: 1 });
  });

  it('refuses a request larger than the tokens-per-minute limit as too large', async () => {
    fake = await startOllamaFakeServer({ keys: { k: { tpm: 10 } } });
    const res = await post(fake, '/api/chat', chat('x'.repeat(100), { stream: false }), 'k');
    expect(res.status).toBe(429);
    expect((res.json as { error: string }).error).toMatch(
      /^request too large for tokens per minute: limit 10, requested \d+$/,
    );
    expect(res.headers.get('retry-after')).toBeNull();
  });

  it('counts tokens per minute with num_predict reserved at admission', async () => {
    const clock = new VirtualClock();
    fake = await startOllamaFakeServer({ keys: { k: { tpm: 100 } }, clock });
    expect(
      (await post(fake, '/api/chat', chat('hi', { stream: false, options: { num_predict: 60 } }), 'k'))
        .status,
    ).toBe(200);
    const res = await post(
      fake,
      '/api/chat',
      chat('hi', { stream: false, options: { num_predict: 60 } }),
      'k',
    );
    // The first call is corrected to its actual usage (4 tokens), so the second fits.
    expect(res.status).toBe(200);
    const third = await post(
      fake,
      '/api/chat',
      chat('hi', { stream: false, options: { num_predict: 95 } }),
      'k',
    );
    expect([third.status, (third.json as { error: string }).error]).toEqual([
      429,
      expect.stringMatching(/tokens per minute/),
    ]);
  });

  it('answers daily limits with a quota message and the wait until the window frees', async () => {
    const clock = new VirtualClock();
    fake = await startOllamaFakeServer({ keys: { k: { rpd: 1 } }, clock });
    await post(fake, '/api/chat', once(), 'k');
    const res = await post(fake, '/api/chat', once(), 'k');
    expect(res.status).toBe(429);
    expect((res.json as { error: string }).error).toMatch(/^daily quota exceeded: requests per day limit 1/);
    expect(res.headers.get('retry-after')).toBe('86400');
  });

  it('answers a billing-exhausted key with the quota message on every call', async () => {
    fake = await startOllamaFakeServer({ keys: { k: { billingExhausted: true } } });
    for (let i = 0; i < 2; i++) {
      const res = await post(fake, '/api/embed', { model: 'm', input: ['a'] }, 'k');
      expect([res.status, res.json]).toEqual([
        429,
        { error: 'usage limit reached: the quota of this key is exhausted' },
      ]);
    }
  });

  it('limits concurrency and releases the slot when the answer is done', async () => {
    const clock = new VirtualClock();
    fake = await startOllamaFakeServer({
      keys: { k: { concurrency: 1, label: 'k' } },
      clock,
      streamLineDelayMs: 1000,
    });
    const first = post(fake, '/api/chat', chat('a long enough text for several lines'), 'k');
    await receivedAtLeast(fake, 1);
    const second = await post(fake, '/api/chat', once(), 'k');
    expect(second.status).toBe(429);
    expect((second.json as { error: string }).error).toMatch(/too many concurrent requests/);
    await clock.runAll();
    expect((await first).status).toBe(200);
    expect((await post(fake, '/api/chat', once(), 'k')).status).toBe(200);
  });

  it('adds the key latency on the clock before answering', async () => {
    const clock = new VirtualClock();
    fake = await startOllamaFakeServer({ keys: { slow: { latencyMs: 2000 }, fast: {} }, clock });
    let settled = false;
    const pending = post(fake, '/api/chat', once(), 'slow').then((res) => {
      settled = true;
      return res;
    });
    await receivedAtLeast(fake, 1);
    while (clock.pendingTimers === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    expect((await post(fake, '/api/chat', once(), 'fast')).status).toBe(200);
    expect(settled).toBe(false);
    await clock.advance(2000);
    expect((await pending).status).toBe(200);
  });
});
