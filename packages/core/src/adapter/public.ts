// The adapter contract as the core's public surface names it: the adapter's embeddings answer is
// `AdapterEmbedResponse`, so `EmbedResponse` can name what `router.embed()` resolves to.
export {
  type AdapterCapabilities,
  type ModelCapabilities,
  modelMatches,
  resolveModelCapabilities,
} from './capabilities.js';
export {
  type CallSignal,
  categoryForStatus,
  classifyTransportError,
  createCallSignal,
  parseGoDuration,
  parseRetryAfter,
} from './http/index.js';
export type {
  AdapterCall,
  AdapterResponse,
  AdapterStream,
  AdapterStreamPart,
  ClassifyContext,
  EmbedCall,
  EmbedResponse as AdapterEmbedResponse,
  FinishReason,
  ProviderAdapter,
} from './provider-adapter.js';
export type { DimensionObservation, QuotaDimension, RateLimitObservation } from './rate-limit-observation.js';
export type { Usage } from './usage.js';
