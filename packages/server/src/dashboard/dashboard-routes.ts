import type { Context, Hono } from 'hono';
import { presentedKey } from '../app/admit-request.js';
import type { GatewayEnv, GatewayHost } from '../app/gateway-host.js';
import { sameSecret } from '../auth/secret-digest.js';
import { HttpFailure } from '../http/http-failure.js';
import { readBody } from '../http/read-body.js';
import { cookieValue, DashboardSessions, SESSION_COOKIE, SESSION_TTL_MS } from './dashboard-session.js';
import { LOGIN_HEADERS, loginPage } from './login-page.js';

/** Where the gateway mounts the dashboard. */
export const DASHBOARD_PATH = '/dashboard';
const LOGIN_PATH = `${DASHBOARD_PATH}/login`;

function adminToken(host: GatewayHost): string {
  const token = host.runtime().config.admin?.token;
  if (token === undefined)
    throw new HttpFailure(404, 'not_found_error', 'unknown_url', 'The dashboard needs admin.token');
  return token;
}

function cookie(c: Context<GatewayEnv>, value: string, maxAgeSeconds: number): string {
  const https = new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
  return `${SESSION_COOKIE}=${value}; Path=${DASHBOARD_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${https ? '; Secure' : ''}`;
}

function redirect(location: string, setCookie?: string): Response {
  const headers: Record<string, string> = { location, 'cache-control': 'no-store' };
  if (setCookie) headers['set-cookie'] = setCookie;
  return new Response(null, { status: 303, headers });
}

// A form posted from another site is refused even though it could not know the token: no login CSRF.
// Browsers send `Origin: null` under `referrer-policy: no-referrer`, so Fetch Metadata decides first.
function sameOrigin(c: Context<GatewayEnv>): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

/**
 * The live dashboard under `/dashboard`, behind the admin token. Browsers sign in once on `/dashboard/login`
 * (a form posting the token) and get an HttpOnly, SameSite=Strict session cookie scoped to `/dashboard` that
 * holds an HMAC-derived value, never the token; scripts and tools may send `Authorization: Bearer <token>`
 * instead. Without either, pages redirect to the login form and `/dashboard/api/*` answers 401.
 *
 * @example
 * registerDashboardRoutes(app, host);
 */
export function registerDashboardRoutes(app: Hono<GatewayEnv>, host: GatewayHost): void {
  const sessions = new DashboardSessions(host.clock);
  const page = (failed: boolean, status: number) =>
    new Response(loginPage(LOGIN_PATH, failed), { status, headers: LOGIN_HEADERS });

  app.get(LOGIN_PATH, () => {
    adminToken(host);
    return page(false, 200);
  });
  app.post(LOGIN_PATH, async (c) => {
    const token = adminToken(host);
    if (!sameOrigin(c))
      throw new HttpFailure(403, 'permission_error', 'cross_origin', 'Sign in from the dashboard page');
    const form = new URLSearchParams(await readBody(c.env, () => c.req.arrayBuffer(), 4096));
    const presented = form.get('token') ?? '';
    if (presented === '' || !sameSecret(presented, token)) return page(true, 401);
    return redirect(`${DASHBOARD_PATH}/`, cookie(c, sessions.issue(token), SESSION_TTL_MS / 1000));
  });
  app.post(`${DASHBOARD_PATH}/logout`, (c) => redirect(LOGIN_PATH, cookie(c, '', 0)));

  const serve = async (c: Context<GatewayEnv>): Promise<Response> => {
    const token = adminToken(host);
    const bearer = presentedKey(c.req.header('authorization'), undefined, false);
    const session = cookieValue(c.req.header('cookie'), SESSION_COOKIE);
    const allowed = (bearer !== undefined && sameSecret(bearer, token)) || sessions.verify(session, token);
    if (!allowed) {
      const isPage = !c.req.path.startsWith(`${DASHBOARD_PATH}/api/`) && c.req.method === 'GET';
      if (isPage) return redirect(LOGIN_PATH);
      throw new HttpFailure(401, 'authentication_error', 'invalid_admin_token', 'Sign in to the dashboard');
    }
    return host.dashboard.for(host.runtime()).handle(c.req.raw);
  };
  app.all(DASHBOARD_PATH, serve);
  app.all(`${DASHBOARD_PATH}/*`, serve);
}
