export { OpenAIAdapter } from './adapter/openai-adapter.js';
export type { OpenAIAdapterOptions, OpenAIRoute } from './adapter/openai-adapter-options.js';
export { OPENAI_CAPABILITIES } from './adapter/openai-capabilities.js';
export { AZURE_DEFAULT_API_VERSION, type AzureOpenAIOptions, azureOpenAI } from './azure/azure-openai.js';
export { fromOpenAIEmbeddings } from './embeddings/from-openai-embeddings.js';
export {
  type ClassifyOpenAIContext,
  classifyOpenAIError,
  type OpenAIFailure,
} from './errors/classify-openai-error.js';
export { type OpenAIErrorFields, readOpenAIError } from './errors/openai-error-body.js';
export { retryHintMs } from './errors/retry-hint.js';
export { scrubSecret } from './errors/scrub-secret.js';
export { fromOpenAIModels, type OpenAIModelInfo } from './models/from-openai-models.js';
export {
  COMPATIBLE_CHAT_CAPABILITIES,
  createPreset,
  LOCAL_SERVER_CAPABILITIES,
  type PresetOptions,
} from './presets/create-preset.js';
export { deepseek } from './presets/deepseek.js';
export { fireworks } from './presets/fireworks.js';
export { groq } from './presets/groq.js';
export { llamaCpp } from './presets/llama-cpp.js';
export { lmStudio } from './presets/lm-studio.js';
export { mistral } from './presets/mistral.js';
export { ollamaOpenAI } from './presets/ollama-openai.js';
export { type OpenRouterOptions, openrouter } from './presets/openrouter.js';
export { perplexity } from './presets/perplexity.js';
export { together } from './presets/together.js';
export { vllm } from './presets/vllm.js';
export { xai } from './presets/xai.js';
export { parseOpenAIRateLimits, type RateLimitDialect } from './rate-limits/parse-openai-rate-limits.js';
export type { OpenAICompat } from './request/openai-compat.js';
export { toOpenAIMessage } from './request/to-openai-messages.js';
export { toOpenAIRequest } from './request/to-openai-request.js';
export { fromOpenAIResponse } from './response/from-openai-response.js';
export { toFinishReason } from './response/openai-finish-reason.js';
export { toUsage } from './response/openai-usage.js';
export {
  type OpenAIFinishReason,
  type OpenAIUsageBody,
  toOpenAIFinishReason,
  toOpenAIUsage,
} from './response/to-openai-wire.js';
export { OpenAIStreamDecoder, type OpenAIStreamDecoderOptions } from './stream/openai-stream-decoder.js';
export { partsFromResponse } from './stream/parts-from-response.js';
export type * from './wire/openai-wire-types.js';
