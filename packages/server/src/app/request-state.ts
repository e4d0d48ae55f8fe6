import { randomUUID } from 'node:crypto';
import type { GatewayHost, RequestState } from './gateway-host.js';

const ROUTES: Readonly<Record<string, string>> = {
  '/v1/chat/completions': 'chat',
  '/v1/messages': 'messages',
  '/v1/embeddings': 'embeddings',
  '/v1/models': 'models',
};

/**
 * The state of a new request on the current runtime. `finish()` writes its access-log line and metrics, once.
 *
 * @example
 * const state = newRequestState(host, 'POST', '/v1/chat/completions');
 */
export function newRequestState(host: GatewayHost, method: string, path: string): RequestState {
  const startedAt = host.clock.now();
  let done = false;
  const state: RequestState = {
    id: `gw_${randomUUID()}`,
    route: ROUTES[path] ?? 'other',
    runtime: host.runtime(),
    vk: undefined,
    startedAt,
    outcome: {
      status: 0,
      provider: 'none',
      model: 'none',
      keyId: undefined,
      attempts: 0,
      cost: undefined,
      inputTokens: undefined,
      outputTokens: undefined,
      cache: undefined,
      deferred: false,
    },
    finish() {
      if (done) return;
      done = true;
      host.metrics.inFlight(-1);
      const o = state.outcome;
      const latencyMs = host.clock.now() - startedAt;
      host.metrics.record({
        route: state.route,
        status: o.status,
        provider: o.provider,
        model: o.model,
        virtualKey: state.vk?.name ?? 'none',
        seconds: latencyMs / 1000,
        ...(o.inputTokens !== undefined ? { inputTokens: o.inputTokens } : {}),
        ...(o.outputTokens !== undefined ? { outputTokens: o.outputTokens } : {}),
        ...(o.cost !== undefined ? { cost: o.cost } : {}),
        ...(o.cache !== undefined ? { cache: o.cache } : {}),
      });
      host.accessLog({
        time: new Date(host.clock.now()).toISOString(),
        requestId: state.id,
        method,
        path: state.route === 'other' ? 'other' : path,
        status: o.status,
        virtualKey: state.vk?.name,
        model: o.model,
        provider: o.provider,
        keyId: o.keyId,
        attempts: o.attempts,
        cost: o.cost,
        cache: o.cache,
        latencyMs,
      });
    },
  };
  return state;
}
