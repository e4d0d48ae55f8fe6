export { FakeAdapter } from './fake-adapter.js';
export type { FakeAdapterOptions } from './fake-adapter-options.js';
export { faultError, limitError } from './fault-errors.js';
export { parseOpenAIStyleHeaders } from './parse-openai-style-headers.js';
