import type { PersistedKeyState, StateStore } from './state-store.js';

function copy(state: PersistedKeyState): PersistedKeyState {
  return structuredClone(state);
}

/**
 * The default {@link StateStore}: a map in this process. Values are copied in and out, so callers can never
 * mutate stored state by accident — the same semantics a remote store has.
 *
 * @example
 * const store = new MemoryStore();
 * const a = new ApiKeyRouter({ store }); // a second router with the same store sees a's key states
 */
export class MemoryStore implements StateStore {
  readonly #keys = new Map<string, PersistedKeyState>();

  async getKeyState(keyId: string): Promise<PersistedKeyState | undefined> {
    const state = this.#keys.get(keyId);
    return state ? copy(state) : undefined;
  }

  async compareAndSetKeyState(next: PersistedKeyState, expectedVersion: number): Promise<boolean> {
    const current = this.#keys.get(next.keyId);
    if ((current?.version ?? 0) !== expectedVersion) return false;
    this.#keys.set(next.keyId, copy(next));
    return true;
  }

  async deleteKeyState(keyId: string): Promise<void> {
    this.#keys.delete(keyId);
  }

  async listKeyStates(): Promise<PersistedKeyState[]> {
    return [...this.#keys.values()].map(copy);
  }
}
