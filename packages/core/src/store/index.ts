export { MemoryStore } from './memory-store.js';
export type { PersistedKeyState, StateStore } from './state-store.js';
