import { createDashboard, type Dashboard } from '@apikeyrouter/dashboard';
import { type GatewayRuntime, VIRTUAL_KEY_TAG } from '../runtime/gateway-runtime.js';

/**
 * The dashboard of the runtime in force. A config reload builds a new router, so the dashboard bound to the
 * old one is closed (its live streams end, browsers reconnect) and a new one follows the new router.
 *
 * @example
 * const mount = new DashboardMount('/dashboard');
 * const response = await mount.for(host.runtime()).handle(request);
 */
export class DashboardMount {
  readonly #basePath: string;
  #runtime: GatewayRuntime | undefined;
  #dashboard: Dashboard | undefined;

  constructor(basePath: string) {
    this.#basePath = basePath;
  }

  /** The dashboard showing `runtime`'s router, replacing the one of an earlier runtime. */
  for(runtime: GatewayRuntime): Dashboard {
    if (this.#dashboard && this.#runtime === runtime) return this.#dashboard;
    this.#dashboard?.close();
    const virtualKeys = runtime.virtualKeys;
    this.#runtime = runtime;
    this.#dashboard = createDashboard({
      router: runtime.router,
      basePath: this.#basePath,
      spendTags: () => virtualKeys.all().map((vk) => `${VIRTUAL_KEY_TAG}:${vk.name}`),
    });
    return this.#dashboard;
  }

  /**
   * Switches to `runtime` now (at start and on every reload), so the decision list fills from the first
   * request and live streams never follow a retired router. Without an admin token there is no dashboard.
   */
  follow(runtime: GatewayRuntime): void {
    if (runtime.config.admin === undefined) this.close();
    else this.for(runtime);
  }

  /** Ends live streams and detaches from the router. */
  close(): void {
    this.#dashboard?.close();
    this.#dashboard = undefined;
    this.#runtime = undefined;
  }
}
