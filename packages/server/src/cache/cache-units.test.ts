import { VirtualClock } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import type { GatewayAnswer } from '../openai/chat-response.js';
import { cacheDirective } from './cache-directive.js';
import { cacheKey } from './cache-key.js';
import { MemoryCacheStore } from './memory-cache-store.js';

const answer = (content: string): GatewayAnswer => ({
  model: 'gpt-4o-mini',
  content,
  toolCalls: [],
  finishReason: 'stop',
  usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
});

describe('cache', () => {
  it('parses directives over the virtual key default', () => {
    expect(cacheDirective(undefined, undefined)).toEqual({ read: false, storeMs: 0 });
    expect(cacheDirective(undefined, 30)).toEqual({ read: true, storeMs: 30_000 });
    expect(cacheDirective('max-age=60', undefined)).toEqual({ read: true, storeMs: 60_000 });
    expect(cacheDirective('no-cache', 30)).toEqual({ read: false, storeMs: 30_000 });
    expect(cacheDirective('no-store', 30)).toEqual({ read: false, storeMs: 0 });
    expect(cacheDirective('max-age=9999999', undefined).storeMs).toBe(86_400_000);
    expect(cacheDirective('garbage, max-age=abc', undefined)).toEqual({ read: false, storeMs: 0 });
  });

  it('keys by namespace and normalised request, not key order or streaming', () => {
    const a = cacheKey('team', 'chat', { model: 'm', messages: [{ role: 'user', content: 'x' }] }, 'cost');
    const b = cacheKey(
      'team',
      'chat',
      { messages: [{ content: 'x', role: 'user' }], model: 'm', stream: true },
      'cost',
    );
    expect(a).toBe(b);
    expect(cacheKey('other', 'chat', { model: 'm', messages: [] }, 'cost')).not.toBe(
      cacheKey('team', 'chat', { model: 'm', messages: [] }, 'cost'),
    );
    expect(cacheKey('team', 'chat', { model: 'm' }, 'cost')).not.toBe(
      cacheKey('team', 'chat', { model: 'm' }, 'latency'),
    );
  });

  it('is bounded in bytes, skips oversized entries and expires on the clock', async () => {
    const clock = new VirtualClock();
    const store = new MemoryCacheStore({ maxBytes: 2_000, maxEntryBytes: 600, clock });
    for (let i = 0; i < 20; i++) await store.set(`k${i}`, answer('x'.repeat(300)), 60_000);
    expect(store.size()).toBeLessThanOrEqual(2_000);
    expect(await store.get('k19')).toEqual(answer('x'.repeat(300)));
    expect(await store.get('k0')).toBeUndefined();
    await store.set('big', answer('y'.repeat(1_000)), 60_000);
    expect(await store.get('big')).toBeUndefined();
    await clock.advance(60_001);
    expect(await store.get('k19')).toBeUndefined();
  });
});
