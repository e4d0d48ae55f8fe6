import type { KeyMachineContext, KeyStateName, KeyTransition } from '../keys/key-state.js';

/**
 * A key's state as persisted: everything but the material. A plain JSON-serialisable record.
 *
 * @example
 * const state: PersistedKeyState = {
 *   keyId: 'key_3f2a', providerId: 'openai', state: 'available', stateSince: 0, version: 1, history: [],
 *   context: { consecutiveFailures: 0, openCount: 0, reason: 'registered' },
 * };
 */
export interface PersistedKeyState {
  /** Key id. @example 'key_3f2a' */
  keyId: string;
  /** Provider id. @example 'openai' */
  providerId: string;
  /** State name. @example 'throttled' */
  state: KeyStateName;
  /** Machine context, with timed exits as instants (epoch ms, finite). */
  context: KeyMachineContext;
  /** Epoch ms since the key is in this state. @example 1767225600000 */
  stateSince: number;
  /** Incremented on every write; used for compare-and-set. @example 3 */
  version: number;
  /** Latest transitions, oldest first (bounded by the writer). */
  history: KeyTransition[];
}

/**
 * Where key states live so they survive restarts and are shared by router instances.
 *
 * Every call is the **atomic authority** (there is no synchronous replica read here: the registry keeps its
 * own in-process copy of each key's state and reconciles it with the store on every write). Writes are
 * compare-and-set on `version`, so two instances never overwrite each other's transitions blindly: of two
 * concurrent writers expecting the same version exactly one succeeds. Records are copied in and out; a caller
 * mutating a record it passed or received never changes what is stored.
 *
 * @example
 * const keys: KeyStore = new MemoryKeyStore();
 * const router = new ApiKeyRouter({ stores: { keys } });
 */
export interface KeyStore {
  /** The persisted state of a key, if any. */
  get(keyId: string): Promise<PersistedKeyState | undefined>;
  /**
   * Writes `next` (under `next.keyId`) if the stored version equals `expectedVersion` (0 = must not exist).
   * Returns false, writing nothing, when another writer got there first.
   */
  compareAndSet(next: PersistedKeyState, expectedVersion: number): Promise<boolean>;
  /** Forgets a key; true when it existed. */
  delete(keyId: string): Promise<boolean>;
  /** Every persisted key state, in no particular order. */
  list(): Promise<PersistedKeyState[]>;
  /**
   * Optional, for stores shared by several router instances: calls `listener` with the key id and its new
   * version (0 = deleted) after every write by any instance, and returns the function that stops it. The
   * router then adopts the newer state before its next pick of that key.
   */
  watch?(listener: (keyId: string, version: number) => void): () => void;
}
