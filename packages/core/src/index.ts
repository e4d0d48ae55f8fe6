// The public surface of @apikeyrouter/core, name by name. Engine internals (quota buckets, capacity
// thresholds, ledgers' records) stay private; what a store implementation needs is in `./store` (the
// `@apikeyrouter/core/store` subpath). Anything added here is a public API promise.

// The adapter contract and the shared edge adapters use, from @apikeyrouter/provider. The adapter's
// embeddings answer is `AdapterEmbedResponse` here, so `EmbedResponse` names what `router.embed()` resolves to.
export {
  type AdapterCall,
  type AdapterCapabilities,
  type AdapterResponse,
  type AdapterStream,
  type AdapterStreamPart,
  type CallSignal,
  type ClassifyContext,
  categoryForStatus,
  classifyTransportError,
  createCallSignal,
  type DimensionObservation,
  type EmbedCall,
  type EmbedResponse as AdapterEmbedResponse,
  type FinishReason,
  type ModelCapabilities,
  modelMatches,
  type ProviderAdapter,
  parseGoDuration,
  parseRetryAfter,
  type QuotaDimension,
  type RateLimitObservation,
  resolveModelCapabilities,
  SPECIFICATION_VERSION,
  type SpecificationVersion,
  type Usage,
} from '@apikeyrouter/provider';
export { Decimal } from 'decimal.js';
export {
  type AdmissionOptions,
  type AdmissionRefusal,
  AdmissionRefusedError,
  PRIORITIES,
  type RequestPriority,
} from './admission/index.js';
// Prompt-cache affinity.
export {
  AFFINITY_DEFAULTS,
  type AffinityExplanation,
  type AffinityOptions,
  type ResolvedAffinityOptions,
} from './affinity/index.js';
// Budgets and prices.
export {
  type BlockingBudget,
  type Budget,
  type BudgetDecision,
  type BudgetInput,
  type BudgetPeriod,
  type BudgetRefusal,
  type BudgetReservation,
  type BudgetScope,
  type BudgetStatus,
  type BudgetThresholdEvent,
  budgetExceededError,
  CostController,
  type CostControllerOptions,
  type CostEstimate,
  catalogModels,
  catalogPrice,
  DEFAULT_THRESHOLDS,
  type EnforcementMode,
  type ModelPrice,
  type ModelPriceInput,
  type MoneyInput,
  PRICING_CHECKED_AT,
  type SpendContext,
  type SpendQuery,
} from './budget/index.js';
export {
  type Clock,
  SystemClock,
  type TimerHandle,
  VirtualClock,
  type VirtualClockOptions,
} from './clock/index.js';
export {
  type EmbedIntent,
  type EmbedResponse,
  embedIntentSchema,
  parseEmbedIntent,
} from './embedding/index.js';
export {
  BudgetExceededError,
  DEFAULT_KEY_EFFECT,
  DEFAULT_RETRYABLE,
  ERROR_CATEGORIES,
  type ErrorCategory,
  type KeyEffect,
  NoEligibleKeysError,
  RouterError,
  type RouterErrorOptions,
  StoreUnavailableError,
  type ToRouterErrorContext,
  TRANSPORT_CODES,
  toRouterError,
  UPSTREAM_ERROR_CODES,
  type UpstreamErrorCode,
  ValidationError,
  type ValidationIssue,
  type ValidationIssueInput,
} from './errors/index.js';
export { type EstimateOptions, estimateUsage, type UsageEstimate } from './estimate/index.js';
export type { Logger } from './events/logger.js';
export type {
  AttemptEvent,
  DecisionEvent,
  FallbackEvent,
  RequestCompletedEvent,
  RouterEventMap,
  SettlementFailedEvent,
} from './events/router-events.js';
export type {
  RequestCost,
  RouteResponse,
  RouteStreamChunk,
  ServedRequest,
} from './execution/route-response.js';
// Provider-level circuits.
export {
  isProviderOutage,
  PROVIDER_HEALTH_DEFAULTS,
  type ProviderCircuitState,
  type ProviderHealthOptions,
  type ProviderHealthTransition,
  type ResolvedProviderHealthOptions,
} from './health/index.js';
export {
  type AssistantMessage,
  type ContentPart,
  contentPartSchema,
  type GenerationParameters,
  type ImagePart,
  imagePartSchema,
  MAX_DEADLINE_MS,
  type Message,
  messageSchema,
  parametersSchema,
  parseIntent,
  type RequestIntent,
  type ResponseFormat,
  requestIntentSchema,
  responseFormatSchema,
  type TextPart,
  type ToolCall,
  type ToolChoice,
  type ToolDefinition,
  textPartSchema,
  toolCallSchema,
  toolChoiceSchema,
  toolDefinitionSchema,
} from './intent/index.js';
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
export {
  type CapacityState,
  type DeclaredLimits,
  QuotaAwarenessEngine,
  type QuotaCheck,
  type QuotaDimensionState,
  type QuotaEngineOptions,
  type QuotaGroupInfo,
  type QuotaGroupState,
  type QuotaGroupSuggestion,
  QuotaGroups,
  type QuotaReservation,
  type QuotaState,
  type QuotaWarningEvent,
  type ReserveResult,
} from './quota/index.js';
export type { RouteOptions, StreamOpen } from './request/route-options.js';
export { ApiKeyRouter } from './router/api-key-router.js';
export type { QuotaGroupOptions } from './router/quota-group-operations.js';
export type { RouterEvents } from './router/router-core.js';
export type { RouterEventListener } from './router/router-event-source.js';
export type {
  IdempotencyOptions,
  RetryOptions,
  RouterDefaults,
  RouterOptions,
} from './router/router-options.js';
export type { RouterSnapshot } from './router/router-snapshot.js';
export {
  type AttemptExplanation,
  type CandidateExplanation,
  type ExclusionCode,
  type ObjectiveExplanation,
  RoutingExplanation,
  type RoutingExplanationData,
  type ScorerName,
} from './routing/explanation/index.js';
export { DEFAULT_MODEL_QUALITY } from './routing/model-quality.js';
export {
  OBJECTIVE_PRESETS,
  type ObjectiveInput,
  type ObjectivePreset,
  type ResolvedObjective,
  type RoutingConstraints,
  type RoutingObjective,
  resolveObjective,
} from './routing/objective.js';
export {
  type KeyStore,
  MemoryKeyStore,
  MemoryQuotaStore,
  MemorySpendStore,
  type MemorySpendStoreOptions,
  type PersistedKeyState,
  type QuotaStore,
  type ReportsAvailability,
  type RouterStores,
  type SpendStore,
  type StoreAvailability,
} from './store/index.js';
export {
  ATTR,
  type GenAIOperation,
  type InstrumentableRouter,
  instrumentRouter,
  type MetricsSource,
  type TelemetryOptions,
} from './telemetry/index.js';
