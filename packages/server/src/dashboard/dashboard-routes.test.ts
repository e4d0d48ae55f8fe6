import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  CANARY_ANTHROPIC,
  CANARY_OPENAI,
  type GatewayFixture,
  startFixture,
} from '../test/gateway-fixture.test-helpers.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.close();
});

const login = (token: string, headers: Record<string, string> = {}) =>
  fetch(`${fx.url}/dashboard/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ token }).toString(),
  });

async function sessionCookie(): Promise<string> {
  const res = await login(ADMIN_TOKEN);
  expect(res.status).toBe(303);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0] as string;
}

function expectNoSecrets(text: string): void {
  for (const secret of [ADMIN_TOKEN, CANARY_OPENAI, CANARY_ANTHROPIC]) expect(text).not.toContain(secret);
}

describe('dashboard on the gateway', () => {
  it('redirects pages and refuses the API without a session', async () => {
    for (const path of ['/dashboard', '/dashboard/', '/dashboard/app.js']) {
      const res = await fetch(`${fx.url}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/dashboard/login');
    }
    for (const path of ['/dashboard/api/state', '/dashboard/api/events']) {
      const res = await fetch(`${fx.url}${path}`);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe('authentication_error');
    }
    const forged = await fetch(`${fx.url}/dashboard/api/state`, {
      headers: { cookie: `akr_dashboard=99999999999999.${'A'.repeat(43)}` },
    });
    expect(forged.status).toBe(401);
    const wrongBearer = await fetch(`${fx.url}/dashboard/api/state`, {
      headers: { authorization: 'Bearer not-the-admin-token-at-all' },
    });
    expect(wrongBearer.status).toBe(401);
  });

  it('serves a script-free login form and refuses a wrong token without echoing it', async () => {
    const form = await fetch(`${fx.url}/dashboard/login`);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(await form.text()).toContain('name="token"');
    const wrong = await login('wrong-token-guess-0123456789');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const text = await wrong.text();
    expect(text).toContain('Wrong admin token');
    expect(text).not.toContain('wrong-token-guess');
    expect((await login('')).status).toBe(401);
    const crossSite = await login(ADMIN_TOKEN, { origin: 'https://evil.example' });
    expect((await login(ADMIN_TOKEN, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await login(ADMIN_TOKEN, { origin: 'null' })).status).toBe(403);
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
  });

  it('signs in with an HttpOnly, SameSite=Strict cookie that holds no token and opens state and events', async () => {
    const res = await login(ADMIN_TOKEN, { origin: fx.url });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard/');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^akr_dashboard=\d+\.[A-Za-z0-9_-]{43}; Path=\/dashboard; Max-Age=1800;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expectNoSecrets(setCookie);
    expect(setCookie).not.toContain(Buffer.from(ADMIN_TOKEN).toString('base64'));
    const cookie = setCookie.split(';')[0] as string;

    const page = await fetch(`${fx.url}/dashboard/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const state = await fetch(`${fx.url}/dashboard/api/state`, { headers: { cookie } });
    expect(state.status).toBe(200);
    const body = await state.text();
    expectNoSecrets(body);
    const { keys, spend } = JSON.parse(body) as { keys: unknown[]; spend: { scope: string }[] };
    expect(keys).toHaveLength(2);
    expect(spend.map((series) => series.scope)).toEqual(
      expect.arrayContaining(['tag:virtualKey:team-search', 'tag:virtualKey:team-broke']),
    );

    const events = await fetch(`${fx.url}/dashboard/api/events`, { headers: { cookie } });
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    await events.body?.cancel();
  });

  it('accepts the admin bearer token for scripts', async () => {
    const res = await fetch(`${fx.url}/dashboard/api/state`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expectNoSecrets(await res.text());
  });

  it('follows the router a config reload brings, and a new admin token ends old sessions', async () => {
    const cookie = await sessionCookie();
    const before = fx.running.gateway.router;
    const config = fx.running.gateway.config;
    await fx.running.gateway.reload({ ...config, keys: config.keys.slice(0, 1) });
    expect(fx.running.gateway.router).not.toBe(before);
    const state = (await (await fetch(`${fx.url}/dashboard/api/state`, { headers: { cookie } })).json()) as {
      keys: { providerId: string }[];
    };
    expect(state.keys.map((key) => key.providerId)).toEqual(['openai']);

    await fx.running.gateway.reload({ ...config, admin: { token: 'rotated-admin-token-0123456789' } });
    expect((await fetch(`${fx.url}/dashboard/api/state`, { headers: { cookie } })).status).toBe(401);
    await fx.running.gateway.reload(config);
  });

  it('logs nothing secret', async () => {
    const out = await fetch(`${fx.url}/dashboard/logout`, { method: 'POST', redirect: 'manual' });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^akr_dashboard=; Path=\/dashboard; Max-Age=0;/);
    expectNoSecrets(fx.logs.join('\n'));
  });
});
