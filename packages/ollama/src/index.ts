export { OllamaAdapter } from './adapter/ollama-adapter.js';
export {
  DEFAULT_OLLAMA_BASE_URL,
  type OllamaAdapterOptions,
  resolveOllamaBaseURL,
} from './adapter/ollama-adapter-options.js';
export { OLLAMA_CAPABILITIES } from './capabilities/ollama-capabilities.js';
export { fromOllamaEmbedResponse, toOllamaEmbedRequest } from './embed/ollama-embed.js';
export { type OllamaErrorInput, ollamaError } from './errors/ollama-error.js';
export { scrubSecret } from './errors/scrub-secret.js';
export { parseOllamaRateLimits } from './rate-limits/parse-ollama-rate-limits.js';
export { type OllamaRequestSettings, toOllamaRequest } from './request/to-ollama-request.js';
export { fromOllamaResponse, type ParsedOllamaResponse } from './response/from-ollama-response.js';
export { NdjsonLineSplitter, ndjsonLineBatches } from './stream/ndjson-lines.js';
export { type OllamaStreamContext, OllamaStreamDecoder } from './stream/ollama-stream-decoder.js';
export { type ReadOllamaStreamInput, readOllamaStream } from './stream/read-ollama-stream.js';
export type * from './wire/ollama-wire-types.js';
