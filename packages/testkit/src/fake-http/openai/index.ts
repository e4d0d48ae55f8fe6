export { formatGoDuration } from './go-duration-format.js';
export type {
  OpenAIFakeFlavor,
  OpenAIFakeOptions,
  OpenAIFakeProvider,
  OpenAIFakeRequestLog,
} from './openai-fake-options.js';
export { startOpenAIFakeServer } from './openai-fake-server.js';
