import { Hono } from 'hono';
import { registerAdminRoutes } from '../admin/admin-routes.js';
import { serveMessages } from '../anthropic/serve-messages.js';
import { registerDashboardRoutes } from '../dashboard/dashboard-routes.js';
import { anthropicErrorBody, openAIErrorBody } from '../http/error-bodies.js';
import { HttpFailure, toHttpFailure } from '../http/http-failure.js';
import { HEADER_PREFIX } from '../http/identity-headers.js';
import { onCheckPhase } from '../log/check-phase.js';
import { serveChat } from '../openai/serve-chat.js';
import { serveEmbeddings } from '../openai/serve-embeddings.js';
import { serveModels } from '../openai/serve-models.js';
import { authenticate, presentedKey } from './admit-request.js';
import type { GatewayEnv, GatewayHost } from './gateway-host.js';
import { newRequestState } from './request-state.js';

/** Answers a failure in the shape of the route (Anthropic on `/v1/messages`, OpenAI elsewhere). */
export function failureResponse(path: string, failure: HttpFailure, requestId: string | undefined): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (requestId) headers[`${HEADER_PREFIX}request-id`] = requestId;
  // The unread rest of an oversized body would be parsed as the next request: close the connection instead.
  if (failure.status === 413) headers.connection = 'close';
  if (failure.retryAfterMs !== undefined) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(failure.retryAfterMs / 1000)));
    headers['retry-after-ms'] = String(Math.max(0, Math.ceil(failure.retryAfterMs)));
  }
  const body = path.startsWith('/v1/messages') ? anthropicErrorBody(failure) : openAIErrorBody(failure);
  return new Response(JSON.stringify(body), { status: failure.status, headers });
}

/**
 * The gateway's HTTP app: the OpenAI- and Anthropic-compatible API under `/v1`, health, metrics, admin and the
 * dashboard.
 * Every failure is answered in the route's error shape; nothing a client sends yields a 500.
 *
 * @example
 * const app = createApp(host);
 * serve({ fetch: app.fetch, port: 0 });
 */
export function createApp(host: GatewayHost): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();

  app.onError((error, c) => {
    const failure = toHttpFailure(error);
    if (failure.status === 500) host.reportBug(c.req.path, error);
    const state = c.get('state');
    if (state) {
      state.outcome.status = failure.status;
      state.outcome.deferred = false;
    }
    return failureResponse(c.req.path, failure, state?.id);
  });
  app.notFound((c) =>
    failureResponse(
      c.req.path,
      new HttpFailure(404, 'not_found_error', 'unknown_url', 'Unknown URL'),
      undefined,
    ),
  );

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    const usable = host
      .runtime()
      .router.listKeys()
      .some((key) => key.state === 'available' || key.state === 'recovering' || key.state === 'throttled');
    return c.json({ status: usable ? 'ready' : 'no usable key' }, usable ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    const text = await host.metrics.registry.metrics();
    return c.text(text, 200, { 'content-type': host.metrics.registry.contentType });
  });

  app.use('/v1/*', async (c, next) => {
    const state = newRequestState(host, c.req.method, c.req.path);
    c.set('state', state);
    host.metrics.inFlight(1);
    try {
      state.vk = authenticate(
        state.runtime,
        presentedKey(c.req.header('authorization'), c.req.header('x-api-key'), c.req.path === '/v1/messages'),
      );
      await next();
      if (c.error === undefined) state.outcome.status = c.res.status;
    } finally {
      // A stream finishes (and leaves the in-flight count) when its body ends, not when its headers go out.
      // Under Node the answer is written to the socket as soon as this returns: the access-log line and the
      // metrics wait for the next check phase, after the bytes went out (the client needs neither), yet
      // before any later I/O, so a request that follows already sees them. Elsewhere they run at once.
      if (!state.outcome.deferred) {
        if (c.env?.outgoing) onCheckPhase(state.finish);
        else state.finish();
      }
    }
  });
  app.post('/v1/chat/completions', (c) => serveChat(c, host));
  app.post('/v1/messages', (c) => serveMessages(c, host));
  app.post('/v1/embeddings', (c) => serveEmbeddings(c, host));
  app.get('/v1/models', (c) => serveModels(c));
  registerAdminRoutes(app, host);
  registerDashboardRoutes(app, host);
  return app;
}
