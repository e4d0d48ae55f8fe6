import type { DashboardOptions } from './dashboard-options.js';
import { errorResponse, json, SECURITY_HEADERS } from './http/responses.js';
import { staticAsset } from './http/static-assets.js';
import { EventStream } from './sse/event-stream.js';
import { dashboardState } from './state/dashboard-state.js';
import { DecisionLog } from './state/decision-log.js';

/**
 * A mounted dashboard: a fetch-style handler plus `close()` to stop listening to the router.
 *
 * @example
 * app.all('/dashboard/*', (c) => dash.handle(c.req.raw));
 */
export interface Dashboard {
  /** Answers any request under the base path; other paths get a 404. */
  handle(request: Request): Promise<Response>;
  /** Ends live-update streams and detaches from the router's events. */
  close(): void;
}

function normaliseBase(basePath: string | undefined): string {
  const base = (basePath ?? '/dashboard').replace(/\/+$/, '');
  return base === '' || base.startsWith('/') ? base : `/${base}`;
}

function tagsOf(option: DashboardOptions['spendTags']): readonly string[] {
  const tags = typeof option === 'function' ? option() : option;
  return Array.isArray(tags) ? tags : [];
}

/**
 * Creates the live dashboard for a router: the page (static files shipped in this package, no CDN), a JSON
 * state endpoint (`<base>/api/state`) and a server-sent-events stream of router events (`<base>/api/events`).
 * Authentication belongs to the mounting server; `authorize` is an optional extra gate.
 *
 * @example
 * // Hono (the gateway):
 * const dash = createDashboard({ router, basePath: '/dashboard' });
 * app.all('/dashboard', (c) => dash.handle(c.req.raw));
 * app.all('/dashboard/*', (c) => dash.handle(c.req.raw));
 * // node:http:
 * http.createServer(toNodeListener(dash.handle)).listen(8080);
 */
export function createDashboard(options: DashboardOptions): Dashboard {
  const { router } = options;
  const base = normaliseBase(options.basePath);
  const decisions = new DecisionLog(router, options.maxDecisions ?? 50);
  const events = new EventStream(router, {
    bufferSize: options.clientBufferSize ?? 256,
    maxClients: options.maxClients ?? 32,
  });

  async function route(request: Request, path: string): Promise<Response> {
    if (path === '') return new Response(null, { status: 308, headers: { location: `${base}/` } });
    if (path === '/api/state')
      return json(await dashboardState(router, decisions, tagsOf(options.spendTags)));
    if (path === '/api/events') {
      return events.open() ?? errorResponse(503, 'overloaded_error', 'Too many dashboard clients');
    }
    const asset = staticAsset(path === '/' ? 'index.html' : path.slice(1));
    if (!asset) return errorResponse(404, 'not_found_error', 'Not found');
    return new Response(request.method === 'HEAD' ? null : asset.body, {
      headers: { ...SECURITY_HEADERS, 'content-type': asset.contentType, 'cache-control': 'no-cache' },
    });
  }

  return {
    async handle(request: Request): Promise<Response> {
      let path: string;
      try {
        path = new URL(request.url).pathname;
      } catch {
        return errorResponse(400, 'invalid_request_error', 'Bad URL');
      }
      if (path !== base && !path.startsWith(`${base}/`))
        return errorResponse(404, 'not_found_error', 'Not found');
      try {
        if (options.authorize && !(await options.authorize(request))) {
          return errorResponse(401, 'authentication_error', 'Not authorized for the dashboard');
        }
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          const response = errorResponse(405, 'invalid_request_error', 'Method not allowed');
          response.headers.set('allow', 'GET, HEAD');
          return response;
        }
        return await route(request, path.slice(base.length));
      } catch {
        // A throwing authorize hook or state read must not surface as a crash of the mounting server.
        return errorResponse(503, 'api_error', 'Dashboard temporarily unavailable');
      }
    },
    close(): void {
      events.close();
      decisions.close();
    },
  };
}
