export { ANTHROPIC_BASE_URL, ANTHROPIC_VERSION, AnthropicAdapter } from './adapter/anthropic-adapter.js';
export type { AnthropicAdapterOptions, FetchFunction } from './adapter/anthropic-adapter-options.js';
export { ANTHROPIC_CAPABILITIES } from './adapter/anthropic-capabilities.js';
export {
  type AnthropicErrorInfo,
  parseAnthropicErrorText,
  readAnthropicError,
} from './errors/anthropic-error-body.js';
export { type AnthropicErrorContext, classifyAnthropicError } from './errors/classify-anthropic-error.js';
export { scrubSecret } from './errors/scrub-secret.js';
export { parseAnthropicRateLimits } from './rate-limits/parse-anthropic-rate-limits.js';
export {
  type AnthropicConversation,
  type ConversationOptions,
  toAnthropicConversation,
} from './request/to-anthropic-messages.js';
export {
  type AnthropicRequestOptions,
  DEFAULT_MAX_TOKENS,
  toAnthropicRequest,
} from './request/to-anthropic-request.js';
export { JSON_RESPONSE_TOOL, responseToolName, toAnthropicTools } from './request/to-anthropic-tools.js';
export { toFinishReason } from './response/anthropic-finish-reason.js';
export { toUsage } from './response/anthropic-usage.js';
export { type AnthropicResponseOptions, fromAnthropicResponse } from './response/from-anthropic-response.js';
export {
  AnthropicStreamDecoder,
  type AnthropicStreamDecoderOptions,
} from './stream/anthropic-stream-decoder.js';
export type * from './wire/anthropic-request-types.js';
export type * from './wire/anthropic-response-types.js';
