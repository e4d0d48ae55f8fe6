import { type Clock, SystemClock } from '@apikeyrouter/core';
import type { Hono } from 'hono';
import { createApp } from '../app/create-app.js';
import type { GatewayEnv, GatewayHost } from '../app/gateway-host.js';
import type { CacheStore } from '../cache/cache-store.js';
import { type OwnedCache, openCache } from '../cache/open-cache.js';
import { ConfigError } from '../config/config-error.js';
import type { GatewayConfig } from '../config/config-schema.js';
import { DashboardMount } from '../dashboard/dashboard-mount.js';
import { DASHBOARD_PATH } from '../dashboard/dashboard-routes.js';
import type { AccessLogLine } from '../log/access-log.js';
import { stdoutLineBuffer } from '../log/line-buffer.js';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { carryOver } from '../runtime/carry-over.js';
import { buildRuntime, type GatewayRuntime } from '../runtime/gateway-runtime.js';
import { type GatewayState, openGatewayState } from '../state/gateway-state.js';

/**
 * Options of {@link Gateway.create}.
 *
 * @example
 * ```ts
 * const options: GatewayOptions = {
 *   clock: new VirtualClock(),
 *   accessLog: (line) => console.log(JSON.stringify(line)),
 *   log: (level, message, data) => console[level](message, data),
 * };
 * const gateway = await Gateway.create(await loadConfigFile('gateway.yaml'), options);
 * ```
 */
export interface GatewayOptions {
  /** Clock for the router, rate limits, timings and the cache. Default: the system clock. */
  clock?: Clock;
  /** Cache store. Default: as `config.cache.store` says (in memory or Redis), bounded by `config.cache`. */
  cache?: CacheStore;
  /** Receives access-log lines (when `server.accessLog`). Default: JSON lines on stdout. */
  accessLog?: (line: AccessLogLine) => void;
  /** Receives operational messages (reloads, bugs). Default: JSON lines on stderr. */
  log?: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
}

/**
 * The gateway: a router built from a config, the HTTP app in front of it, metrics and cache. `reload()`
 * swaps the config atomically; requests already running finish on the runtime they started with.
 *
 * @example
 * const gateway = await Gateway.create(await loadConfigFile('gateway.yaml'));
 * serve({ fetch: gateway.app.fetch, port: 8787 });
 */
export class Gateway {
  /** The HTTP app (`fetch`-style handler). */
  readonly app: Hono<GatewayEnv>;
  /** Prometheus metrics. */
  readonly metrics: GatewayMetrics;
  readonly #log: NonNullable<GatewayOptions['log']>;
  readonly #dashboard = new DashboardMount(DASHBOARD_PATH);
  readonly #state: GatewayState;
  readonly #cache: OwnedCache;
  #runtime: GatewayRuntime;

  private constructor(
    runtime: GatewayRuntime,
    state: GatewayState,
    cache: OwnedCache,
    clock: Clock,
    options: GatewayOptions,
  ) {
    this.#runtime = runtime;
    this.#state = state;
    this.#cache = cache;
    this.#log =
      options.log ??
      ((level, message, data) => {
        process.stderr.write(
          `${JSON.stringify({ time: new Date().toISOString(), level, message, ...data })}\n`,
        );
      });
    this.metrics = new GatewayMetrics(() => this.#runtime.router);
    this.#watch(runtime);
    this.#dashboard.follow(runtime);
    const accessLog =
      options.accessLog ?? ((line: AccessLogLine) => stdoutLineBuffer().push(JSON.stringify(line)));
    const host: GatewayHost = {
      runtime: () => this.#runtime,
      metrics: this.metrics,
      dashboard: this.#dashboard,
      cache: cache.store,
      clock,
      accessLog: (line) => {
        if (this.#runtime.config.server.accessLog) accessLog(line);
      },
      reportBug: (where, error) =>
        this.#log('error', 'unexpected failure', {
          where,
          error: error instanceof Error ? error.name : typeof error,
        }),
    };
    this.app = createApp(host);
    this.#clock = clock;
  }

  readonly #clock: Clock;

  /**
   * Builds a gateway for a validated config. Throws {@link ConfigError} when the router rejects part of it.
   *
   * @example
   * const gateway = await Gateway.create(config, { clock });
   */
  static async create(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
    const clock = options.clock ?? new SystemClock();
    const state = await openGatewayState(config, clock);
    let cache: OwnedCache | undefined;
    try {
      cache = options.cache
        ? { store: options.cache, close: async () => undefined }
        : await openCache(config, clock);
      const runtime = await buildRuntime(config, { clock, state });
      return new Gateway(runtime, state, cache, clock, options);
    } catch (error) {
      await cache?.close();
      await state.close();
      throw error;
    }
  }

  /** The config in force. */
  get config(): GatewayConfig {
    return this.#runtime.config;
  }

  /** The router in force (a reload replaces it). */
  get router(): GatewayRuntime['router'] {
    return this.#runtime.router;
  }

  /**
   * Swaps in a new config. On failure the old config keeps running and the problems are logged and thrown.
   *
   * @example
   * await gateway.reload(await loadConfigFile(file));
   */
  async reload(config: GatewayConfig): Promise<void> {
    try {
      const changed = (['state', 'cache'] as const).filter(
        (section) => config[section].store !== this.#runtime.config[section].store,
      );
      const onRedis = [config, this.#runtime.config].some(
        (c) => c.state.store === 'redis' || c.cache.store === 'redis',
      );
      const redisChanged =
        onRedis &&
        JSON.stringify(config.redis ?? null) !== JSON.stringify(this.#runtime.config.redis ?? null);
      if (changed.length > 0 || redisChanged) {
        throw new ConfigError(
          '(reload)',
          [...changed.map((section) => `${section}.store`), ...(redisChanged ? ['redis'] : [])].map(
            (path) => ({
              path,
              message: 'changing where state or cache lives needs a restart',
            }),
          ),
        );
      }
      const runtime = await buildRuntime(config, { clock: this.#clock, state: this.#state });
      carryOver(this.#runtime, runtime);
      this.#watch(runtime);
      this.#runtime = runtime;
      this.#dashboard.follow(runtime);
      this.#log('info', 'config reloaded', {
        keys: config.keys.length,
        virtualKeys: config.virtualKeys.length,
      });
    } catch (error) {
      this.reportReloadFailure(error);
      throw error;
    }
  }

  /**
   * Ends the dashboard's live streams and detaches it from the router (the HTTP server is the caller's).
   *
   * @example
   * gateway.close();
   */
  close(): void {
    this.#dashboard.close();
  }

  /**
   * Closes the state's and the cache's connections (Redis); call it after in-flight requests have drained.
   *
   * @example
   * await gateway.closeStores();
   */
  async closeStores(): Promise<void> {
    this.#runtime.keyStore.detach();
    await this.#cache.close();
    await this.#state.close();
  }

  /** Logs why a new config was rejected (paths and reasons only, never values). */
  reportReloadFailure(error: unknown): void {
    const issues = error instanceof ConfigError ? error.issues : [{ path: '(config)', message: 'rejected' }];
    this.#log('error', 'config rejected; the previous config keeps running', { issues });
  }

  #watch(runtime: GatewayRuntime): void {
    runtime.router.on('attempt', (event) => {
      if (event.attempt.category === 'rate_limit') this.metrics.upstreamRateLimited(event.attempt.providerId);
    });
  }
}
