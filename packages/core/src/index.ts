export { Decimal } from 'decimal.js';
export * from './adapter/index.js';
export * from './budget/index.js';
export * from './clock/index.js';
export * from './embedding/index.js';
export * from './errors/index.js';
export * from './estimate/index.js';
export type { Logger } from './events/logger.js';
export type {
  AttemptEvent,
  DecisionEvent,
  FallbackEvent,
  LogEvent,
  RequestCompletedEvent,
  RouterEventMap,
} from './events/router-events.js';
export type { RouteOptions } from './execution/prepared-request.js';
export type {
  RequestCost,
  RouteResponse,
  RouteStreamChunk,
  ServedRequest,
} from './execution/route-response.js';
export * from './intent/index.js';
export { deriveKeyId } from './keys/key-id.js';
export type { KeyInfo, KeyOptions, KeyStats } from './keys/key-info.js';
export type {
  KeyMachineContext,
  KeyMachineOptions,
  KeyStateName,
  KeyTransition,
  KeyTrigger,
} from './keys/key-state.js';
export {
  isRoutableState,
  KEY_STATE_NAMES,
  KEY_STATES,
  type KeyStateRouting,
} from './keys/key-state-table.js';
export { Secret } from './keys/secret.js';
export * from './quota/index.js';
export { ApiKeyRouter } from './router/api-key-router.js';
export type { RouterEvents } from './router/router-core.js';
export type { RetryOptions, RouterDefaults, RouterOptions } from './router/router-options.js';
export type { RouterSnapshot } from './router/router-snapshot.js';
export * from './routing/explanation/index.js';
export { DEFAULT_MODEL_QUALITY } from './routing/model-quality.js';
export {
  OBJECTIVE_PRESETS,
  type ObjectiveInput,
  type ObjectivePreset,
  type RoutingConstraints,
  type RoutingObjective,
  resolveObjective,
} from './routing/objective.js';
export * from './store/index.js';
