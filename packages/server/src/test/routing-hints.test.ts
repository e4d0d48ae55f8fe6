import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_OPENAI, type GatewayFixture, post, startFixture } from './gateway-fixture.test-helpers.js';

interface Explained {
  apikeyrouter: { explanation: { affinity?: { outcome: string; digest: string } } };
}

describe('gateway: routing hints in an OpenAI chat request', () => {
  let fx: GatewayFixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  const chat = (extra: Record<string, unknown>) =>
    post(
      `${fx.url}/v1/chat/completions`,
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5, ...extra },
      { 'x-apikeyrouter-explain': 'true' },
    );

  it('prompt_cache_key becomes the affinity key: the second request sticks to the key the first bound', async () => {
    const first = await chat({ prompt_cache_key: 'conversation-42' });
    const second = await chat({ prompt_cache_key: 'conversation-42' });
    expect([first.status, second.status]).toEqual([200, 200]);
    const a = (first.json() as Explained).apikeyrouter.explanation.affinity;
    const b = (second.json() as Explained).apikeyrouter.explanation.affinity;
    expect(a?.outcome).toBe('new');
    expect(b?.outcome).toBe('used');
    // Only a digest of the hint is kept and shown, never the hint itself.
    expect(second.text).not.toContain('conversation-42');
    expect(second.text).not.toContain(CANARY_OPENAI);
  });

  it('a request without the hint has no affinity; priority batch is accepted', async () => {
    const plain = await chat({ priority: 'batch' });
    expect(plain.status).toBe(200);
    expect((plain.json() as Explained).apikeyrouter.explanation.affinity).toBeUndefined();
  });

  it('rejects a bad hint or priority with 400 in the OpenAI error shape', async () => {
    for (const extra of [
      { priority: 'urgent' },
      { prompt_cache_key: '' },
      { prompt_cache_key: 'x'.repeat(1025) },
    ]) {
      const res = await chat(extra);
      expect(res.status).toBe(400);
      expect((res.json() as { error: { type: string } }).error.type).toBe('invalid_request_error');
    }
  });
});
