import { ApiKeyRouter, type Clock, type ProviderAdapter, RouterError } from '@apikeyrouter/core';
import type { RateLimiter } from '../auth/rate-limiter.js';
import { RateWindow } from '../auth/rate-window.js';
import { SharedRateWindow } from '../auth/shared-rate-window.js';
import { VirtualKeyStore } from '../auth/virtual-key-store.js';
import { ConfigError, type ConfigIssue } from '../config/config-error.js';
import type { GatewayConfig } from '../config/config-schema.js';
import type { GatewayState } from '../state/gateway-state.js';
import { RuntimeKeyStore } from '../state/runtime-key-store.js';
import { buildAdapter } from './build-adapter.js';
import { type ConfigBudget, syncConfigBudgets } from './config-budgets.js';
import { ModelCatalog } from './model-catalog.js';

/**
 * Everything one loaded config runs on. A reload builds a new one; in-flight requests keep theirs. The router
 * runs on the gateway's {@link GatewayState}, so state outlives the runtime.
 */
export interface GatewayRuntime {
  /** The validated config. */
  config: GatewayConfig;
  /** The router with the config's providers, keys and budgets. */
  router: ApiKeyRouter;
  /** Virtual keys by hash. */
  virtualKeys: VirtualKeyStore;
  /** Rate windows by virtual key name (only keys with an rpm limit). */
  rateWindows: Map<string, RateLimiter>;
  /** What the keys serve. */
  catalog: ModelCatalog;
  /** This router's view of the shared key store; detached when the runtime retires. */
  keyStore: RuntimeKeyStore;
}

/** Tag every request of a virtual key carries; virtual-key budgets are tag budgets on it. */
export const VIRTUAL_KEY_TAG = 'virtualKey';

/**
 * Builds the router and everything else a config describes, on the gateway's shared `state`: key states,
 * quota and spend already in it carry over, and the config's budgets are synced into it under stable ids.
 * Problems the schema cannot see (a key the router rejects, a budget it refuses) become a
 * {@link ConfigError} with their path; then nothing was written to the state.
 *
 * @example
 * const runtime = await buildRuntime(config, { clock, state: await openGatewayState(config, clock) });
 */
export async function buildRuntime(
  config: GatewayConfig,
  options: { clock: Clock; state: GatewayState },
): Promise<GatewayRuntime> {
  const keyStore = new RuntimeKeyStore(options.state.stores.keys);
  try {
    return await buildOnState(config, options, keyStore);
  } catch (error) {
    // A runtime that never serves must not stay subscribed to the shared key store.
    keyStore.detach();
    throw error;
  }
}

async function buildOnState(
  config: GatewayConfig,
  options: { clock: Clock; state: GatewayState },
  keyStore: RuntimeKeyStore,
): Promise<GatewayRuntime> {
  const router = new ApiKeyRouter({
    clock: options.clock,
    stores: { keys: keyStore, quota: options.state.stores.quota, spend: options.state.stores.spend },
    defaults: {
      objective: config.routing.objective,
      ...(config.routing.maxAttempts !== undefined ? { maxAttempts: config.routing.maxAttempts } : {}),
      ...(config.routing.deadlineMs !== undefined ? { deadlineMs: config.routing.deadlineMs } : {}),
    },
  });
  const issues: ConfigIssue[] = [];
  const adapters = new Map<string, ProviderAdapter>();
  const attempt = async (path: string, step: () => Promise<unknown>) => {
    try {
      await step();
    } catch (error) {
      issues.push({ path, message: RouterError.isInstance(error) ? error.message : 'rejected' });
    }
  };
  for (const [id, provider] of Object.entries(config.providers)) {
    await attempt(`providers.${id}`, async () => {
      const adapter = buildAdapter(id, provider);
      await router.registerProvider(id, adapter);
      adapters.set(id, adapter);
    });
  }
  for (const [name, group] of Object.entries(config.quotaGroups)) {
    await attempt(`quotaGroups.${name}`, () => router.setQuotaGroup(name, { limits: group.limits }));
  }
  for (const [index, key] of config.keys.entries()) {
    await attempt(`keys.${index}`, () =>
      router.registerKey(key.key, key.provider, {
        ...(key.label !== undefined ? { label: key.label } : {}),
        ...(key.limits !== undefined ? { limits: key.limits } : {}),
        ...(key.models !== undefined ? { models: key.models } : {}),
        ...(key.weight !== undefined ? { weight: key.weight } : {}),
        ...(key.tags !== undefined ? { tags: key.tags } : {}),
        ...(key.quotaGroup !== undefined ? { quotaGroup: key.quotaGroup } : {}),
      }),
    );
  }
  const budgets: ConfigBudget[] = config.budgets.map((budget, index) => ({
    path: `budgets.${index}`,
    input: budget,
  }));
  const rateWindows = new Map<string, RateLimiter>();
  for (const [index, vk] of config.virtualKeys.entries()) {
    if (vk.limits) {
      // Replicas on shared state count one limit together; a lone gateway keeps the exact in-process window.
      rateWindows.set(
        vk.name,
        options.state.kind === 'memory'
          ? new RateWindow(vk.limits.rpm)
          : new SharedRateWindow(vk.limits.rpm, options.state.stores.quota, vk.name),
      );
    }
    if (vk.budget) {
      budgets.push({
        path: `virtualKeys.${index}.budget`,
        input: {
          scope: 'tag',
          scopeId: `${VIRTUAL_KEY_TAG}:${vk.name}`,
          limit: vk.budget.limit,
          period: vk.budget.period,
          enforcementMode: 'hard',
          name: `virtual key ${vk.name}`,
        },
      });
    }
  }
  if (issues.length === 0) {
    for (const problem of await syncConfigBudgets(options.state.stores.spend, budgets, options.clock)) {
      issues.push({
        path: problem.path,
        message: RouterError.isInstance(problem.error) ? problem.error.message : 'rejected',
      });
    }
  }
  if (issues.length > 0) throw new ConfigError('(rejected by the router)', issues);
  return {
    config,
    router,
    virtualKeys: new VirtualKeyStore(config.virtualKeys),
    rateWindows,
    catalog: new ModelCatalog(router.listKeys(), adapters),
    keyStore,
  };
}
