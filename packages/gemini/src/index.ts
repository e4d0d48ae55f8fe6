export { GeminiAdapter } from './adapter/gemini-adapter.js';
export { GEMINI_DEFAULT_BASE_URL, type GeminiAdapterOptions } from './adapter/gemini-adapter-options.js';
export { GEMINI_CAPABILITIES } from './adapter/gemini-capabilities.js';
export {
  estimateEmbeddingTokens,
  fromGeminiEmbedResponse,
  type GeminiBatchEmbedRequest,
  toGeminiEmbedRequest,
} from './embed/gemini-embeddings.js';
export { type GoogleError, type QuotaViolation, readGoogleError } from './errors/google-error.js';
export { nextPacificMidnight } from './errors/next-pacific-midnight.js';
export { type QuotaFacts, quotaDimension, quotaFacts } from './errors/quota-observation.js';
export { type GoogleErrorContext, routerErrorFromGoogle } from './errors/router-error-from-google.js';
export { scrubKey } from './errors/scrub-key.js';
export { MAX_STOP_SEQUENCES, toGenerationConfig } from './request/generation-config.js';
export { toGeminiImagePart } from './request/image-part.js';
export { toGeminiSchema } from './request/json-schema-to-gemini.js';
export { geminiModelPath, isGemmaModel } from './request/model-path.js';
export { type GeminiConversation, toGeminiContents } from './request/to-gemini-contents.js';
export { estimateInputTokens, toGeminiRequest } from './request/to-gemini-request.js';
export { toGeminiToolConfig, toGeminiTools } from './request/to-gemini-tools.js';
export { blockedPromptReason, mapFinishReason } from './response/finish-reason.js';
export { fromGeminiResponse } from './response/from-gemini-response.js';
export { type ReadParts, readParts } from './response/read-parts.js';
export { toUsage } from './response/to-usage.js';
export { GeminiStreamParser, type GeminiStreamParserOptions } from './stream/gemini-stream-parser.js';
export type * from './wire/gemini-wire-types.js';
export { makeToolCallId, readThoughtSignature, type ToolCallIdSource } from './wire/tool-call-id.js';
