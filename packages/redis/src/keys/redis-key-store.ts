import type { KeyStore, PersistedKeyState } from '@apikeyrouter/core';
import type { RedisConnection } from '../connection/redis-connection.js';
import { KEY_COMPARE_AND_SET, KEY_DELETE } from '../scripts/key-lua.js';

/**
 * A change another replica (or this one) made to a key's state: its new version, 0 when deleted.
 *
 * @example
 * keys.onChange((change) => console.log(change.keyId, change.version));
 */
export interface KeyStateChange {
  /** The key. @example 'key_3f2a' */
  keyId: string;
  /** Version after the change; 0 when the key state was deleted. @example 4 */
  version: number;
}

/**
 * The {@link KeyStore} on Redis: compare-and-set is one Lua script on the key's hash slot, and every write is
 * published so replicas learn of it (`onChange`) before their next pick of that key. A set of ids
 * (`<prefix>:keys`, its own slot) serves `list`; it is updated after each write and `list` skips ids whose
 * state is gone, so it never returns a deleted key.
 *
 * @example
 * const keys = new RedisKeyStore(connection, 'akr');
 * await keys.start();
 * keys.onChange(({ keyId }) => registry.refresh(keyId));
 */
export class RedisKeyStore implements KeyStore {
  readonly #connection: RedisConnection;
  readonly #prefix: string;
  readonly #channel: string;
  readonly #listeners = new Set<(change: KeyStateChange) => void>();
  /** Version of each key's state as this process last read or wrote it (what its router routes on). */
  readonly #known = new Map<string, number>();

  /**
   * Built by {@link createRedisStores}, which owns the shared connection.
   *
   * @internal
   */
  constructor(connection: RedisConnection, prefix: string) {
    this.#connection = connection;
    this.#prefix = prefix;
    this.#channel = `${prefix}:key-changes`;
  }

  /** Subscribes to change messages. */
  async start(): Promise<void> {
    await this.#connection.subscribe(this.#channel, (message) => {
      const [keyId = '', version = '0'] = message.split('\n');
      this.#notify({ keyId, version: Number(version) });
    });
  }

  /**
   * Calls `listener` for every key state change by any replica (including this one). Returns a function that
   * unsubscribes.
   */
  onChange(listener: (change: KeyStateChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The {@link KeyStore} form of {@link RedisKeyStore.onChange}, used by the router's key registry. */
  watch(listener: (keyId: string, version: number) => void): () => void {
    return this.onChange((change) => listener(change.keyId, change.version));
  }

  /** The Redis key holding a key's state (slot of `{prefix:keyId}`). */
  stateKey(keyId: string): string {
    return `${this.#prefix}:{${this.#prefix}:${keyId}}:state`;
  }

  async get(keyId: string): Promise<PersistedKeyState | undefined> {
    const json = await this.#connection.bounded('keys.get', () =>
      this.#connection.client.hget(this.stateKey(keyId), 'j'),
    );
    if (json === null) {
      // No stored state is version 0: any state written later is newer.
      this.#known.set(keyId, 0);
      return undefined;
    }
    const state = JSON.parse(json) as PersistedKeyState;
    this.#known.set(keyId, state.version);
    return state;
  }

  /**
   * The version of a key's state this process last read or wrote; undefined when it has none. The quota
   * reserve script refuses when Redis holds a newer one: the backstop for a change message that is late or lost.
   */
  knownVersion(keyId: string): number | undefined {
    return this.#known.get(keyId);
  }

  /**
   * Tells this process's listeners (the router's key registry) that a key changed, as a change message would:
   * called when a reserve found a newer version in Redis than this process knows.
   */
  stale(keyId: string, version: number): void {
    this.#notify({ keyId, version });
  }

  async compareAndSet(next: PersistedKeyState, expectedVersion: number): Promise<boolean> {
    const written = await this.#connection.run<number>(
      KEY_COMPARE_AND_SET,
      [this.stateKey(next.keyId)],
      [this.#channel, next.keyId, expectedVersion, next.version, JSON.stringify(next)],
    );
    if (written !== 1) return false;
    this.#known.set(next.keyId, next.version);
    if (expectedVersion === 0) {
      await this.#connection.bounded('keys.index', () =>
        this.#connection.client.sadd(`${this.#prefix}:keys`, next.keyId),
      );
    }
    return true;
  }

  async delete(keyId: string): Promise<boolean> {
    const existed = await this.#connection.run<number>(
      KEY_DELETE,
      [this.stateKey(keyId)],
      [this.#channel, keyId],
    );
    this.#known.set(keyId, 0);
    await this.#connection.bounded('keys.index', () =>
      this.#connection.client.srem(`${this.#prefix}:keys`, keyId),
    );
    return existed === 1;
  }

  async list(): Promise<PersistedKeyState[]> {
    const ids = await this.#connection.bounded('keys.list', () =>
      this.#connection.client.smembers(`${this.#prefix}:keys`),
    );
    const states = await Promise.all(ids.map((id) => this.get(id)));
    return states.filter((state): state is PersistedKeyState => state !== undefined);
  }

  #notify(change: KeyStateChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // A faulty listener must not stop the others.
      }
    }
  }
}
