export {
  ANTHROPIC_ERROR_STATUS,
  type AnthropicErrorType,
  anthropicErrorBody,
  sendAnthropicError,
} from './anthropic-error-response.js';
export type {
  AnthropicFakeOptions,
  AnthropicFakeProvider,
  AnthropicStreamOutcome,
  RecordedAnthropicRequest,
} from './anthropic-fake-types.js';
export { anthropicRateLimitHeaders } from './anthropic-rate-limit-headers.js';
export { startAnthropicFakeServer } from './start-anthropic-fake-server.js';
