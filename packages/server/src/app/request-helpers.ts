import type { Context } from 'hono';
import { clientGone, readBody } from '../http/read-body.js';
import type { SseHooks } from '../http/sse-response.js';
import type { GatewayEnv, GatewayHost, RequestState } from './gateway-host.js';

/**
 * True when the request asks for the full routing explanation in the body (`x-apikeyrouter-explain: true`).
 *
 * @example
 * if (wantsExplanation(c)) body.apikeyrouter = { explanation };
 */
export function wantsExplanation(c: Context<GatewayEnv>): boolean {
  return c.req.header('x-apikeyrouter-explain')?.trim().toLowerCase() === 'true';
}

/**
 * An abort controller for the upstream call that fires when the client goes away.
 *
 * @example
 * const upstream = upstreamSignal(c); router.routeStream(intent, objective, { signal: upstream.signal });
 */
export function upstreamSignal(c: Context<GatewayEnv>): AbortController {
  return clientGone(c.env, () => c.req.raw.signal);
}

/**
 * The request body as text, within the body limit of the config in force (413 beyond).
 *
 * @example
 * const json = decodeJsonObject(await requestText(c));
 */
export function requestText(c: Context<GatewayEnv>): Promise<string> {
  return readBody(c.env, () => c.req.arrayBuffer(), c.get('state').runtime.config.server.bodyLimitBytes);
}

/**
 * Stream hooks that time the first token, abort upstream on cancel and log the outcome when the stream ends.
 *
 * @example
 * sseResponse(events, wire, streamHooks(host, state, upstream), () => headers);
 */
export function streamHooks(host: GatewayHost, state: RequestState, upstream: AbortController): SseHooks {
  state.outcome.deferred = true;
  return {
    onFirstEvent() {
      host.metrics.firstToken(state.route, (host.clock.now() - state.startedAt) / 1000);
    },
    onEnd(_finish, failure) {
      if (failure) state.outcome.status = failure.status;
      state.finish();
    },
    onCancel() {
      state.outcome.status = 499;
      upstream.abort();
    },
  };
}
