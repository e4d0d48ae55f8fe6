import type { KeyStore, PersistedKeyState } from './key-store.js';

function copy(state: PersistedKeyState): PersistedKeyState {
  return structuredClone(state);
}

/**
 * The default {@link KeyStore}: a map in this process. Values are copied in and out, so callers can never
 * mutate stored state by accident — the same semantics a remote store has. Holds one record per registered
 * key (bounded by the keys an operator registers; deleted keys are forgotten).
 *
 * @example
 * const keys = new MemoryKeyStore();
 * const a = new ApiKeyRouter({ stores: { keys } }); // a second router with the same store sees a's key states
 */
export class MemoryKeyStore implements KeyStore {
  readonly #keys = new Map<string, PersistedKeyState>();

  async get(keyId: string): Promise<PersistedKeyState | undefined> {
    const state = this.#keys.get(keyId);
    return state ? copy(state) : undefined;
  }

  async compareAndSet(next: PersistedKeyState, expectedVersion: number): Promise<boolean> {
    const current = this.#keys.get(next.keyId);
    if ((current?.version ?? 0) !== expectedVersion) return false;
    this.#keys.set(next.keyId, copy(next));
    return true;
  }

  async delete(keyId: string): Promise<boolean> {
    return this.#keys.delete(keyId);
  }

  async list(): Promise<PersistedKeyState[]> {
    return [...this.#keys.values()].map(copy);
  }
}
