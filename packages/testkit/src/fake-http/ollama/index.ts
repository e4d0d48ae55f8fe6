export { OLLAMA_FAKE_MESSAGES } from './ollama-fake-errors.js';
export type { OllamaFakeOptions, OllamaFakeProvider, OllamaReceivedRequest } from './ollama-fake-options.js';
export { startOllamaFakeServer } from './ollama-fake-server.js';
