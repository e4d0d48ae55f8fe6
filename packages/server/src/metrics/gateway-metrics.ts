import type { ApiKeyRouter } from '@apikeyrouter/core';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ChildCache } from './child-cache.js';

/** What one finished request contributes to the metrics. */
export interface RequestSample {
  route: string;
  status: number;
  provider: string;
  model: string;
  virtualKey: string;
  seconds: number;
  inputTokens?: number;
  outputTokens?: number;
  /** Cost in USD as a decimal string (metrics are floats; money stays Decimal elsewhere). */
  cost?: string;
  cache?: 'hit' | 'miss';
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const KEY_STATES = [
  'available',
  'throttled',
  'exhausted',
  'recovering',
  'failing',
  'invalid',
  'disabled',
  'draining',
] as const;

/**
 * The gateway's Prometheus metrics, in a registry of its own (several gateways in one process don't clash).
 * Labels never carry key material: keys appear by id, clients by virtual key name.
 *
 * @example
 * const metrics = new GatewayMetrics(() => runtime.router);
 * const text = await metrics.registry.metrics();
 */
export class GatewayMetrics {
  /** The registry `/metrics` renders. */
  readonly registry = new Registry();
  readonly #requests: Counter<'route' | 'status' | 'provider' | 'model'>;
  readonly #latency: Histogram<'route'>;
  readonly #ttft: Histogram<'route'>;
  readonly #tokens: Counter<'provider' | 'model' | 'direction'>;
  readonly #cost: Counter<'provider' | 'model' | 'virtual_key'>;
  readonly #cache: Counter<'result'>;
  readonly #upstream429: Counter<'provider'>;
  readonly #inFlight: Gauge;
  readonly #requestChildren = new ChildCache((s: RequestSample) =>
    this.#requests.labels({ route: s.route, status: String(s.status), provider: s.provider, model: s.model }),
  );
  readonly #latencyChildren = new ChildCache((route: string) => this.#latency.labels({ route }));
  readonly #tokenChildren = new ChildCache((s: RequestSample) => ({
    input: this.#tokens.labels({ provider: s.provider, model: s.model, direction: 'input' }),
    output: this.#tokens.labels({ provider: s.provider, model: s.model, direction: 'output' }),
  }));
  readonly #costChildren = new ChildCache((s: RequestSample) =>
    this.#cost.labels({ provider: s.provider, model: s.model, virtual_key: s.virtualKey }),
  );

  constructor(router: () => ApiKeyRouter) {
    const registers = [this.registry];
    this.#requests = new Counter({
      name: 'apikeyrouter_requests_total',
      help: 'Requests by route, status, provider and model',
      labelNames: ['route', 'status', 'provider', 'model'],
      registers,
    });
    this.#latency = new Histogram({
      name: 'apikeyrouter_request_duration_seconds',
      help: 'Time from request to complete response',
      labelNames: ['route'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#ttft = new Histogram({
      name: 'apikeyrouter_time_to_first_token_seconds',
      help: 'Time from request to the first streamed token',
      labelNames: ['route'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#tokens = new Counter({
      name: 'apikeyrouter_tokens_total',
      help: 'Tokens by provider, model and direction (input/output)',
      labelNames: ['provider', 'model', 'direction'],
      registers,
    });
    this.#cost = new Counter({
      name: 'apikeyrouter_cost_usd_total',
      help: 'Spend in USD by provider, model and virtual key',
      labelNames: ['provider', 'model', 'virtual_key'],
      registers,
    });
    this.#cache = new Counter({
      name: 'apikeyrouter_cache_requests_total',
      help: 'Cache lookups by result (hit/miss)',
      labelNames: ['result'],
      registers,
    });
    this.#upstream429 = new Counter({
      name: 'apikeyrouter_upstream_rate_limited_total',
      help: 'Upstream 429 answers by provider',
      labelNames: ['provider'],
      registers,
    });
    this.#inFlight = new Gauge({
      name: 'apikeyrouter_in_flight_requests',
      help: 'Requests being served (the queue depth the gateway sees)',
      registers,
    });
    new Gauge({
      name: 'apikeyrouter_key_state',
      help: '1 for the state each key is in',
      labelNames: ['key_id', 'provider', 'state'],
      registers,
      collect() {
        this.reset();
        for (const key of router().listKeys()) {
          for (const state of KEY_STATES) {
            this.set({ key_id: key.id, provider: key.providerId, state }, key.state === state ? 1 : 0);
          }
        }
      },
    });
  }

  /** Records a finished request. */
  record(sample: RequestSample): void {
    const { route, status, provider, model, virtualKey } = sample;
    this.#requestChildren.get(`${route}\u0000${status}\u0000${provider}\u0000${model}`, sample).inc();
    this.#latencyChildren.get(route, route).observe(sample.seconds);
    if (sample.inputTokens || sample.outputTokens) {
      const tokens = this.#tokenChildren.get(`${provider}\u0000${model}`, sample);
      if (sample.inputTokens) tokens.input.inc(sample.inputTokens);
      if (sample.outputTokens) tokens.output.inc(sample.outputTokens);
    }
    if (sample.cost !== undefined)
      this.#costChildren.get(`${provider}\u0000${model}\u0000${virtualKey}`, sample).inc(Number(sample.cost));
    if (sample.cache) this.#cache.inc({ result: sample.cache });
  }

  /** Records the time to the first streamed token. */
  firstToken(route: string, seconds: number): void {
    this.#ttft.observe({ route }, seconds);
  }

  /** Counts an upstream 429. */
  upstreamRateLimited(provider: string): void {
    this.#upstream429.inc({ provider });
  }

  /** Tracks requests in flight. */
  inFlight(delta: 1 | -1): void {
    this.#inFlight.inc(delta);
  }
}
