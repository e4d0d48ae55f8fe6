import type { KeyStore, PersistedKeyState } from '@apikeyrouter/core';

/**
 * Gives an in-process {@link KeyStore} the `watch` a shared store has: after every successful write or delete
 * it tells each listener the key id and new version. The gateway keeps one store across config reloads, so a
 * retiring router finishing its in-flight requests and the new router both write key states to it; with
 * `watch` each adopts the other's newer state (a 429 seen by the old router throttles the key for the new one).
 *
 * @example
 * const keys = new WatchableKeyStore(new MemoryKeyStore());
 * const stop = keys.watch((keyId, version) => console.log(keyId, version));
 */
export class WatchableKeyStore implements KeyStore {
  readonly #inner: KeyStore;
  readonly #listeners = new Set<(keyId: string, version: number) => void>();

  constructor(inner: KeyStore) {
    this.#inner = inner;
  }

  get(keyId: string): Promise<PersistedKeyState | undefined> {
    return this.#inner.get(keyId);
  }

  async compareAndSet(next: PersistedKeyState, expectedVersion: number): Promise<boolean> {
    const written = await this.#inner.compareAndSet(next, expectedVersion);
    if (written) this.#announce(next.keyId, next.version);
    return written;
  }

  async delete(keyId: string): Promise<boolean> {
    const deleted = await this.#inner.delete(keyId);
    if (deleted) this.#announce(keyId, 0);
    return deleted;
  }

  list(): Promise<PersistedKeyState[]> {
    return this.#inner.list();
  }

  watch(listener: (keyId: string, version: number) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Number of listeners (each live router registers one). */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  #announce(keyId: string, version: number): void {
    for (const listener of this.#listeners) listener(keyId, version);
  }
}
