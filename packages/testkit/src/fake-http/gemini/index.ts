export {
  GEMINI_QUOTAS,
  type GeminiErrorBody,
  type GeminiQuota,
  geminiErrors,
} from './gemini-error-bodies.js';
export type { GeminiFakeOptions, GeminiFakeProvider, GeminiRequestLog } from './gemini-fake-options.js';
export { startGeminiFakeServer } from './start-gemini-fake-server.js';
