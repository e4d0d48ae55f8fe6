import { randomUUID } from 'node:crypto';
import type { RequestSample } from '../metrics/gateway-metrics.js';
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
      // It runs after the answer was sent (see create-app): a throwing access-log sink is reported, not left to
      // take the process down from a check-phase callback.
      try {
        record(host, state, method, path);
      } catch (error) {
        host.reportBug('request log', error);
      }
    },
  };
  return state;
}

function record(host: GatewayHost, state: RequestState, method: string, path: string): void {
  host.metrics.inFlight(-1);
  const o = state.outcome;
  const latencyMs = host.clock.now() - state.startedAt;
  // Optional fields set one by one: four conditional spreads build four objects per request.
  const sample: RequestSample = {
    route: state.route,
    status: o.status,
    provider: o.provider,
    model: o.model,
    virtualKey: state.vk?.name ?? 'none',
    seconds: latencyMs / 1000,
  };
  if (o.inputTokens !== undefined) sample.inputTokens = o.inputTokens;
  if (o.outputTokens !== undefined) sample.outputTokens = o.outputTokens;
  if (o.cost !== undefined) sample.cost = o.cost;
  if (o.cache !== undefined) sample.cache = o.cache;
  host.metrics.record(sample);
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
}
