import type { Clock } from '@apikeyrouter/core';
import type { VirtualKey } from '../auth/virtual-key-store.js';
import type { CacheStore } from '../cache/cache-store.js';
import type { DashboardMount } from '../dashboard/dashboard-mount.js';
import type { NodeBindings } from '../http/read-body.js';
import type { AccessLogLine } from '../log/access-log.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { GatewayRuntime } from '../runtime/gateway-runtime.js';

/** What the HTTP app needs from the running gateway. The runtime is read per request, so reloads apply. */
export interface GatewayHost {
  /** The current runtime (config, router, virtual keys). */
  runtime(): GatewayRuntime;
  /** Prometheus metrics. */
  metrics: GatewayMetrics;
  /** Response cache. */
  cache: CacheStore;
  /** The live dashboard, following the runtime in force. */
  dashboard: DashboardMount;
  /** Clock for rate windows, timings and cache expiry. */
  clock: Clock;
  /** Writes one access-log line (never secrets or prompt bodies). */
  accessLog(line: AccessLogLine): void;
  /** Reports an unexpected failure (a bug), without request data. */
  reportBug(where: string, error: unknown): void;
}

/** What a handler fills in about the request it served, for the access log and metrics. */
export interface RequestOutcome {
  status: number;
  provider: string;
  model: string;
  keyId: string | undefined;
  attempts: number;
  cost: string | undefined;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  cache: 'hit' | 'miss' | undefined;
  /** Set by streaming handlers: the stream logs the outcome itself when it ends. */
  deferred: boolean;
}

/** Per-request state shared by the middleware and the handlers. */
export interface RequestState {
  /** Gateway request id (also the `x-apikeyrouter-request-id` header). */
  id: string;
  /** Route label for metrics. */
  route: string;
  /** The runtime this request runs on from start to end, even if a reload happens meanwhile. */
  runtime: GatewayRuntime;
  /** The authenticated virtual key, once known. */
  vk: VirtualKey | undefined;
  /** Clock time the request arrived. */
  startedAt: number;
  /** What happened. */
  outcome: RequestOutcome;
  /** Writes the access log line and metrics once. */
  finish(): void;
}

/** Hono environment of the gateway app. */
export interface GatewayEnv {
  Bindings: NodeBindings | undefined;
  Variables: { state: RequestState };
}
