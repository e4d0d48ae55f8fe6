export { isProviderOutage } from './outage-error.js';
export { MAX_TRACKED_FAILING_KEYS, OutcomeWindow, type WindowCounts } from './outcome-window.js';
export { ProviderHealth } from './provider-health.js';
export {
  PROVIDER_HEALTH_DEFAULTS,
  type ProviderHealthOptions,
  providerHealthOptionsSchema,
  type ResolvedProviderHealthOptions,
  resolveProviderHealthOptions,
} from './provider-health-options.js';
export type {
  ProviderBlock,
  ProviderCircuitState,
  ProviderHealthTransition,
} from './provider-health-types.js';
