import type { PersistedKeyState } from '../store/state-store.js';

/**
 * The router's key states as plain JSON, without any key material: for backups, debugging, or warming a new
 * instance (`router.restore(snapshot)` after registering the same keys).
 */
export interface RouterSnapshot {
  /** Format version. */
  version: 1;
  /** Epoch ms when taken. */
  takenAt: number;
  /** One entry per key. */
  keys: Array<PersistedKeyState & { label: string }>;
}
