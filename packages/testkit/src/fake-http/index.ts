export { type FaultKind, FaultScript, type FaultSpec } from './fault-script.js';
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
export { type KeyStats, ProviderStats } from './provider-stats.js';
