import { describe, expect, it } from 'vitest';
import { createDashboard } from './create-dashboard.js';
import { CANARY, dashboardRouter, traffic } from './dashboard.test-helpers.js';
import type { DashboardState } from './state/state-types.js';

const url = (path: string) => `http://127.0.0.1${path}`;

describe('createDashboard', () => {
  it('serves the page and its assets from the package, with a strict content security policy', async () => {
    const { router } = await dashboardRouter();
    const dash = createDashboard({ router, basePath: '/dashboard' });
    const redirect = await dash.handle(new Request(url('/dashboard')));
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/dashboard/');
    const page = await dash.handle(new Request(url('/dashboard/')));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script src="app.js" defer></script>');
    expect(html).not.toMatch(/https?:\/\//);
    const js = await dash.handle(new Request(url('/dashboard/app.js')));
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(await js.text()).toContain('EventSource');
    expect((await dash.handle(new Request(url('/dashboard/style.css')))).status).toBe(200);
    expect((await dash.handle(new Request(url('/dashboard/../package.json')))).status).toBe(404);
    expect((await dash.handle(new Request(url('/dashboard/nope.js')))).status).toBe(404);
    expect((await dash.handle(new Request(url('/elsewhere')))).status).toBe(404);
    const post = await dash.handle(new Request(url('/dashboard/api/state'), { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    expect(await post.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    dash.close();
  });

  it('returns keys, budgets with burn-down and forecast, spend by tag, and decisions with explanations', async () => {
    const { router, keys, clock } = await dashboardRouter();
    const dash = createDashboard({ router, spendTags: () => ['team:search', 'virtualKey:ci'] });
    await traffic(router, 3);
    await router.disableKey(keys.backup?.id as string, 'maintenance window');
    const response = await dash.handle(new Request(url('/dashboard/api/state')));
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain('canary-dash');
    const state = JSON.parse(text) as DashboardState;
    expect(state.now).toBe(clock.now());
    const backup = state.keys.find((k) => k.label === 'backup');
    expect(backup).toMatchObject({ state: 'disabled', reason: 'maintenance window', providerId: 'openai' });
    expect(backup?.timeline.at(-1)).toMatchObject({ from: 'available', to: 'disabled', trigger: 'operator' });
    const primary = state.keys.find((k) => k.label === 'primary');
    expect(primary?.rpm).toMatchObject({ limit: 60, source: 'declared' });
    expect(primary?.tpm?.limit).toBe(90_000);
    const served = state.keys.reduce((n, k) => n + k.requests, 0);
    expect(served).toBe(3);
    const spent = state.keys.reduce((n, k) => n + Number(k.spend24h), 0);
    expect(spent).toBeGreaterThan(0);
    const daily = state.budgets.find((b) => b.name === 'daily cap');
    expect(daily).toMatchObject({ scope: 'global', enforcementMode: 'hard', limit: '5' });
    expect(Number(daily?.spent)).toBeCloseTo(spent, 10);
    expect(daily?.burn.at(-1)?.cumulative).toBe(daily?.spent);
    expect(daily?.forecast).toBeDefined();
    expect(daily?.resetAt).toBe(Date.UTC(2026, 0, 2));
    const scopes = state.spend.map((s) => s.scope);
    expect(scopes).toEqual(['global', 'provider:openai', 'tag:team:search', 'tag:virtualKey:ci']);
    expect(Number(state.spend.find((s) => s.scope === 'tag:team:search')?.total)).toBeCloseTo(spent, 10);
    expect(state.spend.find((s) => s.scope === 'tag:virtualKey:ci')?.total).toBe('0');
    expect(state.decisions).toHaveLength(3);
    const latest = state.decisions[0];
    expect(latest?.outcome).toMatchObject({ ok: true });
    expect(latest?.summary).toContain('1 attempt');
    expect(latest?.explanation).toMatchObject({ objective: { name: 'cost' }, candidatesTotal: 2 });
    dash.close();
  });

  it('keeps only the latest decisions', async () => {
    const { router } = await dashboardRouter();
    const dash = createDashboard({ router, maxDecisions: 2 });
    await traffic(router, 5);
    const state = (await (
      await dash.handle(new Request(url('/dashboard/api/state')))
    ).json()) as DashboardState;
    expect(state.decisions).toHaveLength(2);
    dash.close();
  });

  it('asks the authorize hook for every path; a refusal is a 401 and a throwing hook a 503, never a crash', async () => {
    const { router } = await dashboardRouter();
    const seen: string[] = [];
    const dash = createDashboard({
      router,
      basePath: '/ops/dash/',
      authorize: async (request) => {
        seen.push(new URL(request.url).pathname);
        if (request.headers.get('x-boom')) throw new Error('hook failed');
        return request.headers.get('authorization') === 'Bearer admin-token';
      },
    });
    for (const path of ['/ops/dash/', '/ops/dash/api/state', '/ops/dash/api/events', '/ops/dash/app.js']) {
      const refused = await dash.handle(new Request(url(path)));
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: { type: 'authentication_error' } });
    }
    const allowed = await dash.handle(
      new Request(url('/ops/dash/api/state'), { headers: { authorization: 'Bearer admin-token' } }),
    );
    expect(allowed.status).toBe(200);
    const boom = await dash.handle(new Request(url('/ops/dash/'), { headers: { 'x-boom': '1' } }));
    expect(boom.status).toBe(503);
    expect(seen).toHaveLength(6);
    dash.close();
  });
});
