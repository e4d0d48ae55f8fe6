import { VirtualClock } from '@apikeyrouter/core';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeRegistry, messagesBody, post } from './anthropic-fake.test-helpers.js';
import { CACHE_TTL_MS, PromptCache } from './anthropic-prompt-cache.js';

const fakes = fakeRegistry();
afterEach(() => fakes.closeAll());

describe('PromptCache', () => {
  it('writes on a miss, reads on a hit, expires after the TTL and ignores short prefixes', () => {
    let now = 0;
    const cache = new PromptCache(100, () => now);
    expect(cache.use('k', 'm', 'prefix', 150)).toEqual({ creation: 150, read: 0 });
    now += CACHE_TTL_MS - 1;
    expect(cache.use('k', 'm', 'prefix', 150)).toEqual({ creation: 0, read: 150 });
    expect(cache.use('other-key', 'm', 'prefix', 150)).toEqual({ creation: 150, read: 0 });
    expect(cache.use('k', 'other-model', 'prefix', 150)).toEqual({ creation: 150, read: 0 });
    now += CACHE_TTL_MS;
    expect(cache.use('k', 'm', 'prefix', 150)).toEqual({ creation: 150, read: 0 });
    expect(cache.use('k', 'm', 'short', 99)).toEqual({ creation: 0, read: 0 });
    expect(cache.use('k', 'm', '', 500)).toEqual({ creation: 0, read: 0 });
  });
});

describe('simulated Anthropic: prompt caching over HTTP', () => {
  it('reports cache_creation then cache_read tokens for a marked system prompt, per the clock', async () => {
    const clock = new VirtualClock();
    const fake = await fakes.start({ clock, minCacheableTokens: 50 });
    const system = [
      { type: 'text', text: 'rules '.repeat(100), cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'uncached tail' },
    ];
    const usage = async () =>
      ((await post(fake, messagesBody({ system }))).json as { usage: Record<string, number> }).usage;
    const first = await usage();
    expect(first.cache_creation_input_tokens).toBe(150);
    expect(first.cache_read_input_tokens).toBe(0);
    const second = await usage();
    expect(second).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 150 });
    expect(second.input_tokens).toBe(first.input_tokens);
    await clock.advance(CACHE_TTL_MS + 1);
    expect((await usage()).cache_creation_input_tokens).toBe(150);
    const plain = (
      (await post(fake, messagesBody({ system: 'rules '.repeat(100) }))).json as {
        usage: Record<string, number>;
      }
    ).usage;
    expect(plain).toMatchObject({
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      input_tokens: 152,
    });
  });

  it('caches tool definitions marked with cache_control', async () => {
    const fake = await fakes.start({ minCacheableTokens: 10 });
    const tools = [
      {
        name: 'lookup',
        description: 'x'.repeat(200),
        input_schema: { type: 'object' },
        cache_control: { type: 'ephemeral' },
      },
    ];
    await post(fake, messagesBody({ tools }));
    const second = (await post(fake, messagesBody({ tools }))).json as { usage: Record<string, number> };
    expect(second.usage.cache_read_input_tokens).toBeGreaterThan(50);
  });
});
