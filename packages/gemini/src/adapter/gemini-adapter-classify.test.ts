import { VirtualClock } from '@apikeyrouter/core';
import { type GeminiFakeProvider, routerErrorOf, startGeminiFakeServer } from '@apikeyrouter/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCall, say } from './adapter-call.test-helpers.js';
import { GeminiAdapter } from './gemini-adapter.js';

let fake: GeminiFakeProvider;
let adapter: GeminiAdapter;

beforeAll(async () => {
  fake = await startGeminiFakeServer({ keys: { 'AIza-CANARY-classify-0004': { label: 'main' } } });
  adapter = new GeminiAdapter({ baseURL: fake.url });
});

afterAll(async () => {
  await fake.close();
});

describe('GeminiAdapter.classifyError', () => {
  const context = { providerId: 'gemini', clock: new VirtualClock() };
  it('passes RouterErrors through and classifies transport failures', async () => {
    const original = await routerErrorOf(adapter.execute(makeCall(say('x'), { apiKey: 'AIza-unknown' })));
    expect(adapter.classifyError(original, context)).toBe(original);
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(adapter.classifyError(refused, context)).toMatchObject({
      category: 'network',
      code: 'connection_refused',
    });
    expect(adapter.classifyError(new DOMException('t', 'TimeoutError'), context).category).toBe('timeout');
    expect(adapter.classifyError(new DOMException('a', 'AbortError'), context).category).toBe('aborted');
    expect(adapter.classifyError(new Error('weird'), context)).toMatchObject({
      category: 'provider',
      keyEffect: 'failure',
    });
  });
});
