import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  type GatewayFixture,
  post,
  startFixture,
  TEAM_KEY,
} from './gateway-fixture.test-helpers.js';

describe('operations: metrics, health, cache, explanations, admin', () => {
  let fx: GatewayFixture;
  const messages = [{ role: 'user', content: 'cache me' }];
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${fx.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it('reports health and readiness', async () => {
    expect((await fetch(`${fx.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${fx.url}/readyz`)).json()).toEqual({ status: 'ready' });
  });

  it('caches opt-in answers per virtual key, marks hits, books them at zero cost and replays streams', async () => {
    const headers = { 'x-apikeyrouter-cache': 'max-age=60' };
    const first = await post(`${fx.url}/v1/chat/completions`, { model: 'gpt-4o-mini', messages }, headers);
    expect(first.headers.get('x-apikeyrouter-cache')).toBe('miss');
    const second = await post(`${fx.url}/v1/chat/completions`, { messages, model: 'gpt-4o-mini' }, headers);
    expect(second.headers.get('x-apikeyrouter-cache')).toBe('hit');
    expect(second.headers.get('x-apikeyrouter-cost')).toBe('0');
    expect(
      (second.json() as { choices: { message: { content: string } }[] }).choices[0]?.message.content,
    ).toBe('echo: cache me');
    const client = new OpenAI({
      apiKey: TEAM_KEY,
      baseURL: `${fx.url}/v1`,
      maxRetries: 0,
      defaultHeaders: headers,
    });
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'cache me' }], stream: true })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(response.headers.get('x-apikeyrouter-cache')).toBe('hit');
    expect(text).toBe('echo: cache me');
    const uncached = await post(`${fx.url}/v1/chat/completions`, { model: 'gpt-4o-mini', messages });
    expect(uncached.headers.get('x-apikeyrouter-cache')).toBeNull();
    expect(fx.accessLog.filter((line) => line.cache === 'hit').every((line) => line.cost === '0')).toBe(true);
  });

  it('returns the full explanation when asked', async () => {
    const res = await post(
      `${fx.url}/v1/chat/completions`,
      { model: 'gpt-4o-mini', messages },
      { 'x-apikeyrouter-explain': 'true' },
    );
    const body = res.json() as { apikeyrouter: { explanation: { candidates: unknown[] } } };
    expect(body.apikeyrouter.explanation.candidates.length).toBeGreaterThan(0);
  });

  it('exposes request, latency, token, cost, key-state and cache metrics', async () => {
    await post(`${fx.url}/v1/chat/completions`, { model: 'nope', messages });
    const text = await (await fetch(`${fx.url}/metrics`)).text();
    expect(text).toMatch(
      /apikeyrouter_requests_total\{route="chat",status="200",provider="openai",model="gpt-4o-mini"\} \d+/,
    );
    expect(text).toMatch(
      /apikeyrouter_requests_total\{route="chat",status="404",provider="none",model="none"\} 1/,
    );
    expect(text).toContain('apikeyrouter_request_duration_seconds_bucket');
    expect(text).toContain('apikeyrouter_time_to_first_token_seconds_count{route="chat"} 1');
    expect(text).toMatch(
      /apikeyrouter_tokens_total\{provider="openai",model="gpt-4o-mini",direction="output"\} \d+/,
    );
    expect(text).toMatch(
      /apikeyrouter_cost_usd_total\{provider="openai",model="gpt-4o-mini",virtual_key="team-search"\} [\d.e-]+/,
    );
    expect(text).toMatch(
      /apikeyrouter_key_state\{key_id="openai_[0-9a-f]+",provider="openai",state="available"\} 1/,
    );
    expect(text).toMatch(/apikeyrouter_cache_requests_total\{result="hit"\} 2/);
    expect(text).toContain('apikeyrouter_in_flight_requests 0');
  });

  it('serves the admin API behind the admin token', async () => {
    expect((await fetch(`${fx.url}/admin/keys`)).status).toBe(401);
    const { keys } = (await (await admin('/admin/keys')).json()) as { keys: { id: string; state: string }[] };
    const key = keys.find((k) => k.id.startsWith('openai_'));
    expect(key?.state).toBe('available');
    const state = async (path: string) =>
      ((await (await admin(path, { method: 'POST' })).json()) as { state: string }).state;
    expect(await state(`/admin/keys/${key?.id}/disable`)).toBe('disabled');
    const blocked = await post(`${fx.url}/v1/chat/completions`, {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(blocked.status).toBe(503);
    expect(await state(`/admin/keys/${key?.id}/enable`)).toBe('available');
    expect((await admin('/admin/keys/nope/disable', { method: 'POST' })).status).toBe(400);

    const created = (await (
      await admin('/admin/budgets', {
        method: 'POST',
        body: JSON.stringify({
          scope: 'tag',
          scopeId: 'team:search',
          limit: '10',
          period: 'day',
          enforcementMode: 'soft',
        }),
      })
    ).json()) as { id: string; limit: string };
    expect(created.limit).toBe('10');
    const patched = await admin(`/admin/budgets/${created.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ limit: '20' }),
    });
    expect(((await patched.json()) as { limit: string }).limit).toBe('20');
    const listed = (await (await admin('/admin/budgets')).json()) as { budgets: unknown[] };
    expect(listed.budgets.length).toBeGreaterThan(0);
    expect((await admin(`/admin/budgets/${created.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await admin('/admin/budgets', { method: 'POST', body: '{"scope":"galaxy"}' })).status).toBe(400);

    const spend = (await (await admin('/admin/spend/virtual-keys')).json()) as {
      virtualKeys: { virtualKey: string; total: string; requests: number }[];
    };
    const team = spend.virtualKeys.find((row) => row.virtualKey === 'team-search');
    expect(team?.requests).toBeGreaterThan(0);
    expect(Number(team?.total)).toBeGreaterThan(0);
    const global = (await (await admin('/admin/spend?scope=global')).json()) as { total: string };
    expect(Number(global.total)).toBeGreaterThan(0);
    expect((await admin('/admin/spend?scope=moon')).status).toBe(400);

    const explained = (await (
      await admin('/admin/explain', {
        method: 'POST',
        body: JSON.stringify({ model: 'gpt-4o-mini', messages }),
      })
    ).json()) as { text: string };
    expect(explained.text).toContain('gpt-4o-mini');
  });
});
