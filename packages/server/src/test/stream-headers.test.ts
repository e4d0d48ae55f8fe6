import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CANARY_ANTHROPIC,
  CANARY_OPENAI,
  type GatewayFixture,
  startFixture,
  TEAM_KEY,
} from './gateway-fixture.test-helpers.js';

async function stream(
  fx: GatewayFixture,
  path: string,
  body: object,
  headers: Record<string, string> = {},
): Promise<{ headers: Headers; text: string }> {
  const res = await fetch(`${fx.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEAM_KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ ...body, stream: true }),
  });
  expect(res.status).toBe(200);
  return { headers: res.headers, text: await res.text() };
}

describe('identity headers on streamed answers', () => {
  let fx: GatewayFixture;
  beforeAll(async () => {
    // The first stream fails before its first token: the headers must name the key of the second attempt.
    fx = await startFixture({ faults: [{ kind: 'server_error', times: 1, stream: true }] });
  });
  afterAll(() => fx.close());

  it('name provider, key id, attempts and model on /v1/chat/completions and /v1/messages, never material', async () => {
    const keyIds = new Map(fx.running.gateway.router.listKeys().map((key) => [key.providerId, key.id]));
    const chat = await stream(fx, '/v1/chat/completions', {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'stream with headers' }],
    });
    expect(chat.headers.get('x-apikeyrouter-provider')).toBe('openai');
    expect(chat.headers.get('x-apikeyrouter-key-id')).toBe(keyIds.get('openai'));
    expect(chat.headers.get('x-apikeyrouter-attempts')).toBe('2');
    expect(chat.headers.get('x-apikeyrouter-model')).toBe('gpt-4o-mini');
    expect(chat.headers.get('x-apikeyrouter-request-id')).toMatch(/^gw_/);

    const messages = await stream(fx, '/v1/messages', {
      model: 'claude-3-5-haiku-latest',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'stream with headers' }],
    });
    expect(messages.headers.get('x-apikeyrouter-provider')).toBe('anthropic');
    expect(messages.headers.get('x-apikeyrouter-key-id')).toBe(keyIds.get('anthropic'));
    expect(messages.headers.get('x-apikeyrouter-attempts')).toBe('1');

    for (const response of [chat, messages]) {
      const all = [...response.headers.entries()].map(([name, value]) => `${name}: ${value}`).join('\n');
      for (const canary of [CANARY_OPENAI, CANARY_ANTHROPIC]) {
        expect(all).not.toContain(canary);
        expect(response.text).not.toContain(canary);
      }
    }
  });

  it('a cache replay is a hit that names no key', async () => {
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'replay me' }] };
    const cache = { 'x-apikeyrouter-cache': 'max-age=60' };
    const first = await stream(fx, '/v1/chat/completions', body, cache);
    expect(first.headers.get('x-apikeyrouter-cache')).toBe('miss');
    expect(first.headers.get('x-apikeyrouter-key-id')).not.toBeNull();
    const replay = await stream(fx, '/v1/chat/completions', body, cache);
    expect(replay.headers.get('x-apikeyrouter-cache')).toBe('hit');
    expect(replay.headers.get('x-apikeyrouter-key-id')).toBeNull();
    expect(replay.headers.get('x-apikeyrouter-cost')).toBe('0');
  });
});
