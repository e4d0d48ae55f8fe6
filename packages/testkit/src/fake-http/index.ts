export * from './anthropic/index.js';
export type { FakeFlavor, FakeProvider, FakeProviderOptions } from './fake-provider.js';
export { type FaultKind, FaultScript, type FaultSpec } from './fault-script.js';
export * from './gemini/index.js';
export { type FakeKeySpec, type GatedKey, KeyGate } from './key-gate.js';
export {
  type FakeHandler,
  type FakeRequest,
  type LoopbackServer,
  resetConnection,
  sendJson,
  startLoopbackServer,
  startNdjson,
  startSse,
  writeNdjsonLine,
  writeSseEvent,
} from './loopback-server.js';
export * from './ollama/index.js';
export * from './openai/index.js';
export { ProviderStats, type UpstreamKeyStats } from './provider-stats.js';
export { type StartFakeProviderOptions, startFakeProvider } from './start-fake-provider.js';
