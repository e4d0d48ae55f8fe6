import type { KeyMachineContext, KeyStateName, KeyTransition } from '../keys/key-state.js';

/** A key's state as persisted: everything but the material. */
export interface PersistedKeyState {
  /** Key id. */
  keyId: string;
  /** Provider id. */
  providerId: string;
  /** State name. */
  state: KeyStateName;
  /** Machine context, with timed exits as instants. */
  context: KeyMachineContext;
  /** Epoch ms since the key is in this state. */
  stateSince: number;
  /** Incremented on every write; used for compare-and-set. */
  version: number;
  /** Latest transitions, oldest first (bounded). */
  history: KeyTransition[];
}

/**
 * Where key states live so they survive restarts and are shared by router instances. Writes are
 * compare-and-set on `version`, so two instances never overwrite each other's transitions blindly.
 * Quota windows and spend have their own ledgers (`QuotaLedger`, `SpendLedger`) behind the same idea.
 *
 * @example
 * const store = new MemoryStore();
 * const router = new ApiKeyRouter({ store });
 */
export interface StateStore {
  /** The persisted state of a key, if any. */
  getKeyState(keyId: string): Promise<PersistedKeyState | undefined>;
  /**
   * Writes `next` if the stored version equals `expectedVersion` (0 = must not exist). Returns false when
   * another writer got there first.
   */
  compareAndSetKeyState(next: PersistedKeyState, expectedVersion: number): Promise<boolean>;
  /** Forgets a key. */
  deleteKeyState(keyId: string): Promise<void>;
  /** Every persisted key state. */
  listKeyStates(): Promise<PersistedKeyState[]>;
}
