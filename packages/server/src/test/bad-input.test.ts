import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CANARY_ANTHROPIC,
  CANARY_OPENAI,
  type GatewayFixture,
  post,
  startFixture,
  TEAM_KEY,
} from './gateway-fixture.test-helpers.js';

const messages = [{ role: 'user', content: 'hi' }];

function expectOpenAIError(res: { status: number; text: string; json: () => unknown }, status: number): void {
  expect(res.status).toBe(status);
  const body = res.json() as { error: { message: string; type: string; code: string; param: unknown } };
  expect(typeof body.error.message).toBe('string');
  expect(typeof body.error.type).toBe('string');
  expect(res.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d/);
}

describe('bad input over raw HTTP', () => {
  let fx: GatewayFixture;
  let chat: string;
  beforeAll(async () => {
    fx = await startFixture({ echoKey: 'full' });
    chat = `${fx.url}/v1/chat/completions`;
  });
  afterAll(() => fx.close());

  it('rejects invalid JSON, non-objects and wrong types with 400', async () => {
    expectOpenAIError(await post(chat, '{"model": "gpt-4o-mini", '), 400);
    expectOpenAIError(await post(chat, '[1,2]'), 400);
    expectOpenAIError(await post(chat, 'null'), 400);
    expectOpenAIError(await post(chat, { model: 42, messages }), 400);
    expectOpenAIError(await post(chat, { model: 'gpt-4o-mini', messages: 'hi' }), 400);
    expectOpenAIError(
      await post(chat, { model: 'gpt-4o-mini', messages: [{ role: 'wizard', content: 'x' }] }),
      400,
    );
    expectOpenAIError(await post(chat, { model: 'gpt-4o-mini', messages, max_tokens: -1 }), 400);
    expectOpenAIError(await post(chat, { model: 'gpt-4o-mini', messages, n: 3 }), 400);
    expectOpenAIError(await post(`${fx.url}/v1/messages`, { model: 'gpt-4o-mini', messages }), 400);
  });

  it('answers missing auth with 401, unknown models with 404, unknown URLs with 404, a huge body with 413', async () => {
    expectOpenAIError(await post(chat, { model: 'gpt-4o-mini', messages }, { authorization: '' }), 401);
    expectOpenAIError(
      await post(chat, { model: 'gpt-4o-mini', messages }, { authorization: 'Basic abc' }),
      401,
    );
    expectOpenAIError(await post(chat, { model: 'does-not-exist', messages }), 404);
    expectOpenAIError(await post(`${fx.url}/v1/nothing`, {}), 404);
    expectOpenAIError(await post(chat, 'x'.repeat(200_000)), 413);
    const chunked = await fetch(chat, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEAM_KEY}`, 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(10_000)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('survives hostile headers', async () => {
    const hostile: Record<string, string>[] = [
      { 'x-apikeyrouter-cache': 'max-age=99999999999999999999, no-store, '.repeat(20) },
      { 'x-apikeyrouter-explain': 'true'.repeat(500) },
      { 'content-type': 'text/plain' },
      { authorization: `Bearer ${'a'.repeat(5000)}` },
      { authorization: 'Bearer \u00ff\u00fe' },
      { 'x-api-key': TEAM_KEY, authorization: 'Bearer nope' },
    ];
    for (const headers of hostile) {
      const res = await post(chat, { model: 'gpt-4o-mini', messages }, headers);
      expect([200, 400, 401, 413]).toContain(res.status);
      expect(res.text).not.toMatch(/\n\s+at /);
    }
  });

  it('never answers 500 or leaks a stack for arbitrary JSON bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ model: fc.jsonValue(), messages: fc.jsonValue() }),
          fc.record({
            model: fc.constantFrom('gpt-4o-mini', 'claude-3-5-haiku-latest'),
            messages: fc.array(
              fc.record({
                role: fc.constantFrom('user', 'system', 'assistant', 'tool'),
                content: fc.jsonValue(),
              }),
              { maxLength: 3 },
            ),
            temperature: fc.jsonValue(),
            tools: fc.jsonValue(),
          }),
        ),
        async (body) => {
          for (const path of ['/v1/chat/completions', '/v1/messages', '/v1/embeddings']) {
            const res = await post(`${fx.url}${path}`, JSON.stringify(body));
            expect(res.status).toBeLessThan(500);
            expect(res.text).not.toMatch(/\n\s+at /);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('never shows provider key material, even when the upstream echoes it', async () => {
    fx.openai.faults.add({ kind: 'unauthorized', times: 1 });
    const responses: string[] = [];
    const first = await post(chat, { model: 'gpt-4o-mini', messages }, { 'x-apikeyrouter-explain': 'true' });
    expect(first.status).toBe(502);
    responses.push(first.text, JSON.stringify([...first.headers]));
    const admin = await fetch(`${fx.url}/admin/keys`, {
      headers: { authorization: 'Bearer admin-token-0123456789abcdef' },
    });
    responses.push(await admin.text());
    const metrics = await fetch(`${fx.url}/metrics`);
    responses.push(await metrics.text());
    const all = [...responses, ...fx.logs].join('\n');
    expect(all).not.toContain(CANARY_OPENAI);
    expect(all).not.toContain(CANARY_ANTHROPIC);
    expect(all).not.toContain(CANARY_OPENAI.slice(8, 24));
    expect(all).not.toContain(TEAM_KEY);
  });
});
