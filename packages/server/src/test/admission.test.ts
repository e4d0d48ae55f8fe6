import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_OPENAI, type GatewayFixture, post, startFixture } from './gateway-fixture.test-helpers.js';

describe('gateway: a request the saturated keys cannot serve before its deadline', () => {
  let fx: GatewayFixture;
  beforeAll(async () => {
    // One request per minute on the only OpenAI key, and 5 s per request: the second request cannot get
    // room in time, so the router refuses it at once instead of waiting.
    fx = await startFixture({
      patch: (config) => ({
        ...config,
        keys: config.keys.map((key) => (key.label === 'openai-1' ? { ...key, limits: { rpm: 1 } } : key)),
        routing: { ...config.routing, deadlineMs: 5_000 },
      }),
    });
  });
  afterAll(() => fx.close());

  it('answers 429 with retry-after at once, without calling upstream again', async () => {
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 };
    expect((await post(`${fx.url}/v1/chat/completions`, body)).status).toBe(200);
    const refused = await post(`${fx.url}/v1/chat/completions`, body);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(5);
    expect(retryAfter).toBeLessThanOrEqual(65);
    expect((refused.json() as { error: { type: string } }).error.type).toBe('rate_limit_error');
    expect(refused.text).not.toContain(CANARY_OPENAI);
    expect(Object.values(fx.openai.stats()).reduce((sum, s) => sum + s.requests, 0)).toBe(1);
  });
});
