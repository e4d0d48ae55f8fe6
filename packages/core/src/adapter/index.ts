export {
  type AdapterCapabilities,
  type ModelCapabilities,
  modelMatches,
  resolveModelCapabilities,
} from './capabilities.js';
export * from './http/index.js';
export type {
  AdapterCall,
  AdapterResponse,
  AdapterStream,
  AdapterStreamPart,
  ClassifyContext,
  EmbedCall,
  EmbedResponse,
  FinishReason,
  ProviderAdapter,
} from './provider-adapter.js';
export type {
  DimensionObservation,
  QuotaDimension,
  RateLimitObservation,
} from './rate-limit-observation.js';
export type { Usage } from './usage.js';
