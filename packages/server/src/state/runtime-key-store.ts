import type { KeyStore, PersistedKeyState } from '@apikeyrouter/core';

/**
 * One router's view of the gateway's shared {@link KeyStore}. A router subscribes to the store's `watch` for
 * its whole life and core has no way to unsubscribe, so each config's router gets its own view: `detach()`
 * drops that router's subscription once it retires, and a long series of reloads does not pile up retired
 * routers behind the store's listeners.
 *
 * @example
 * const view = new RuntimeKeyStore(shared);
 * const router = new ApiKeyRouter({ stores: { keys: view, quota, spend } });
 * // after the next reload
 * view.detach();
 */
export class RuntimeKeyStore implements KeyStore {
  readonly #inner: KeyStore;
  readonly #stops: Array<() => void> = [];
  #detached = false;

  constructor(inner: KeyStore) {
    this.#inner = inner;
  }

  get(keyId: string): Promise<PersistedKeyState | undefined> {
    return this.#inner.get(keyId);
  }

  compareAndSet(next: PersistedKeyState, expectedVersion: number): Promise<boolean> {
    return this.#inner.compareAndSet(next, expectedVersion);
  }

  delete(keyId: string): Promise<boolean> {
    return this.#inner.delete(keyId);
  }

  list(): Promise<PersistedKeyState[]> {
    return this.#inner.list();
  }

  watch(listener: (keyId: string, version: number) => void): () => void {
    const inner = this.#inner.watch;
    if (inner === undefined || this.#detached) return () => undefined;
    const stop = inner.call(this.#inner, listener);
    this.#stops.push(stop);
    return stop;
  }

  /** Stops every subscription made through this view; later writes still reach the store. */
  detach(): void {
    this.#detached = true;
    for (const stop of this.#stops.splice(0)) stop();
  }
}
