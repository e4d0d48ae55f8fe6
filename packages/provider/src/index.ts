export type { Clock, TimerHandle } from './clock/clock.js';
export { systemClock } from './clock/system-clock.js';
export {
  type AdapterCapabilities,
  type ModelCapabilities,
  modelMatches,
  resolveModelCapabilities,
} from './contract/capabilities.js';
export {
  type AdapterCall,
  type AdapterResponse,
  type AdapterStream,
  type AdapterStreamPart,
  type ClassifyContext,
  type EmbedCall,
  type EmbedResponse,
  type FinishReason,
  type ProviderAdapter,
  SPECIFICATION_VERSION,
  type SpecificationVersion,
} from './contract/provider-adapter.js';
export type {
  DimensionObservation,
  QuotaDimension,
  RateLimitObservation,
} from './contract/rate-limit-observation.js';
export type { Usage } from './contract/usage.js';
export { BudgetExceededError } from './errors/budget-exceeded-error.js';
export {
  DEFAULT_KEY_EFFECT,
  DEFAULT_RETRYABLE,
  ERROR_CATEGORIES,
  type ErrorCategory,
  type KeyEffect,
} from './errors/error-category.js';
export { NoEligibleKeysError } from './errors/no-eligible-keys-error.js';
export { RouterError, type RouterErrorExplanation, type RouterErrorOptions } from './errors/router-error.js';
export { StoreUnavailableError } from './errors/store-unavailable-error.js';
export { type ToRouterErrorContext, toRouterError } from './errors/to-router-error.js';
export { type UpstreamErrorOptions, upstreamError } from './errors/upstream-error.js';
export {
  UPSTREAM_ERROR_CODES,
  type UpstreamErrorCode,
  type UpstreamVerdict,
  upstreamErrorCode,
} from './errors/upstream-error-code.js';
export {
  toValidationIssues,
  ValidationError,
  type ValidationIssue,
  type ValidationIssueInput,
} from './errors/validation-error.js';
export { guardAdapter } from './guard/guard-adapter.js';
export { sanitizeError } from './guard/sanitize-error.js';
export {
  type BodyLimits,
  DEFAULT_BODY_LIMITS,
  resolveBodyLimits,
  responseTooLarge,
} from './http/body-limits.js';
export { AbortSource, type CallSignal, type CallTimeouts, createCallSignal } from './http/call-signal.js';
export {
  classifyTransportError,
  TRANSPORT_CODES,
  type TransportContext,
} from './http/classify-transport-error.js';
export { parseGoDuration } from './http/go-duration.js';
export {
  type ExchangeRequest,
  type OpenExchange,
  openExchange,
  readExchangeText,
  type StatusFailure,
} from './http/open-exchange.js';
export { type BodyReadContext, parseJsonOrUndefined, readBodyText, readFailure } from './http/read-body.js';
export { parseRetryAfter } from './http/retry-after.js';
export { type HttpRequest, MAX_REDIRECTS, sendHttp } from './http/send-http.js';
export { categoryForStatus } from './http/status-category.js';
export type {
  AssistantInputMessage,
  AssistantMessage,
  ContentPart,
  ImagePart,
  Message,
  SystemMessage,
  TextPart,
  ToolCall,
  ToolMessage,
  UserMessage,
} from './intent/message.js';
export type {
  GenerationParameters,
  RequestIntent,
  ResponseFormat,
  ToolChoice,
  ToolDefinition,
} from './intent/request-intent.js';
export {
  clampLimitValue,
  clampObservation,
  clampResetAt,
  clampRetryAfterMs,
  MAX_DATE_MS,
  MAX_LIMIT_VALUE,
  MAX_RESET_MS,
  MAX_RETRY_AFTER_MS,
} from './limits/clamp.js';
export { scrubData } from './secrets/scrub-data.js';
export { MIN_FRAGMENT, REDACTED, SecretScrubber, scrubSecret } from './secrets/secret-scrubber.js';
export { type ReadStreamContext, readStream, type StreamDecoder } from './stream/read-stream.js';
