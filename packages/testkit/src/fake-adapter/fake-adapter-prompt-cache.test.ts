import { type AdapterCall, parseIntent, VirtualClock } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import { PrefixCache } from '../simulation/prefix-cache.js';
import { FakeAdapter } from './fake-adapter.js';

const SYSTEM = 'You are a careful assistant. '.repeat(200); // 5,800 chars ≈ 1,450 fake tokens

function call(apiKey: string, clock: VirtualClock, system = SYSTEM, user = 'hi'): AdapterCall {
  return {
    model: 'm',
    intent: parseIntent({
      model: 'm',
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ],
    }),
    apiKey,
    signal: new AbortController().signal,
    requestId: 'r',
    clock,
  };
}

describe('FakeAdapter prompt cache', () => {
  it('serves a prefix the same key sent within the TTL from the cache, in whole 128-token blocks', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const fake = new FakeAdapter({ clock, keys: { 'sk-a': {}, 'sk-b': {} } });
    const first = await fake.execute(call('sk-a', clock));
    expect(first.usage.cachedInputTokens).toBeUndefined();
    const second = await fake.execute(call('sk-a', clock, SYSTEM, 'another question'));
    expect(second.usage.cachedInputTokens).toBe(1408);
    expect(second.usage.inputTokens).toBeGreaterThan(1408);
    // Another key has its own cache; a different prefix misses.
    expect((await fake.execute(call('sk-b', clock))).usage.cachedInputTokens).toBeUndefined();
    expect((await fake.execute(call('sk-a', clock, `${SYSTEM}!`))).usage.cachedInputTokens).toBeUndefined();
    // Streams report it too.
    const stream = await fake.stream(call('sk-a', clock));
    let cached: number | undefined;
    for await (const part of stream.parts) if (part.type === 'finish') cached = part.usage?.cachedInputTokens;
    expect(cached).toBe(1408);
  });

  it('forgets after the TTL, ignores short prefixes and can be turned off', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const fake = new FakeAdapter({ clock, keys: { 'sk-a': {} }, promptCache: { ttlMs: 60_000 } });
    await fake.execute(call('sk-a', clock));
    await clock.advance(60_001);
    expect((await fake.execute(call('sk-a', clock))).usage.cachedInputTokens).toBeUndefined();
    await fake.execute(call('sk-a', clock, 'short system prompt'));
    expect(
      (await fake.execute(call('sk-a', clock, 'short system prompt'))).usage.cachedInputTokens,
    ).toBeUndefined();

    const off = new FakeAdapter({ clock, keys: { 'sk-a': {} }, promptCache: false });
    await off.execute(call('sk-a', clock));
    expect((await off.execute(call('sk-a', clock))).usage.cachedInputTokens).toBeUndefined();
  });

  it('holds at most maxEntries prefixes', () => {
    const cache = new PrefixCache({ maxEntries: 100 }, () => 0);
    for (let i = 0; i < 10_000; i++) cache.seen('key', `prefix ${i}`);
    expect(cache.size).toBe(100);
    expect(cache.seen('key', 'prefix 9999')).toBe(true);
    expect(cache.seen('key', 'prefix 0')).toBe(false);
  });
});
