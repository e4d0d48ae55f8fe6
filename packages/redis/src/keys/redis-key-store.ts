import {
  type Clock,
  type KeyStore,
  type PersistedKeyState,
  RouterError,
  type StoreAvailability,
  SystemClock,
} from '@apikeyrouter/core';
import type { RedisConnection } from '../connection/redis-connection.js';
import { AvailabilityEvents } from '../policy/availability-events.js';
import { StoreHealth } from '../policy/store-health.js';
import type { UnavailablePolicy } from '../quota/degrading-quota-store.js';
import { KEY_COMPARE_AND_SET, KEY_DELETE } from '../scripts/key-lua.js';
import { missedChanges, writeBack } from './key-write-back.js';
import { PendingKeyWrites } from './pending-key-writes.js';

/**
 * Options of {@link RedisKeyStore}.
 *
 * @example
 * const options: RedisKeyStoreOptions = { policy: 'local', events, clock };
 */
export interface RedisKeyStoreOptions {
  /** What writes do while Redis is away: `local` (queue them, default) or `fail-closed`. @example 'local' */
  policy?: UnavailablePolicy;
  /** Where `degraded` / `recovered` events go. */
  events?: AvailabilityEvents;
  /** Clock of the events' instants. @example new SystemClock() */
  clock?: Clock;
}

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
 * While Redis is away (policy `local`, the default) a write is accepted in this process — the router keeps
 * routing on its own key states — and queued, one per key; `availability()` says so and `degraded` /
 * `recovered` events are emitted. Once Redis answers again (a reconnect, or any call that reaches it) the
 * queued states are written back (see `writeBack` in key-write-back.ts) and every key this process knows is compared with
 * Redis, so changes other replicas made meanwhile (whose announcements were missed) are adopted.
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
  readonly #pending = new PendingKeyWrites();
  readonly #health: StoreHealth;
  readonly #clock: Clock;
  #flushing: Promise<void> | undefined;

  /**
   * Built by {@link createRedisStores}, which owns the shared connection.
   *
   * @internal
   */
  constructor(connection: RedisConnection, prefix: string, options: RedisKeyStoreOptions = {}) {
    this.#connection = connection;
    this.#prefix = prefix;
    this.#channel = `${prefix}:key-changes`;
    this.#clock = options.clock ?? new SystemClock();
    this.#health = new StoreHealth(
      'keys',
      options.policy ?? 'local',
      options.events ?? new AvailabilityEvents(),
    );
  }

  /** Whether writes are queued in this process (`local`) or fail now; undefined while Redis answers. */
  availability(): StoreAvailability | undefined {
    return this.#health.availability();
  }

  /** Key-state writes waiting for Redis. */
  get pendingWrites(): number {
    return this.#pending.size;
  }

  /** Subscribes to change messages; after every reconnect writes back and resynchronises. */
  async start(): Promise<void> {
    const resync = (): void => {
      this.flush().catch(() => undefined);
    };
    this.#connection.onReconnect(resync);
    // Announcements sent while the subscriber was away are lost: compare every known key with Redis.
    this.#connection.onResubscribe(resync);
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
    let json: string | null;
    try {
      json = await this.#connection.bounded('keys.get', () =>
        this.#connection.client.hget(this.stateKey(keyId), 'j'),
      );
      this.#answered();
    } catch (error) {
      this.#unavailable(error);
      throw error;
    }
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
    const waiting = this.#pending.get(next.keyId);
    if (waiting !== undefined) {
      // Earlier writes of this key are still queued: this one queues behind them, on this process's version.
      if ((waiting.next?.version ?? 0) !== expectedVersion) return false;
      this.#pending.queue(next.keyId, expectedVersion, structuredClone(next));
      // Redis may answer again without a reconnect (it was only slow): each queued write tries a write-back.
      this.flush().catch(() => undefined);
      return true;
    }
    let written: number;
    try {
      written = await this.#write(next, expectedVersion);
    } catch (error) {
      if (!this.#unavailable(error)) throw error;
      this.#pending.queue(next.keyId, expectedVersion, structuredClone(next));
      return true;
    }
    this.#answered();
    return written === 1 && (await this.#written(next, expectedVersion));
  }

  /** Bookkeeping after a successful write: the version this process knows, and the id index. */
  async #written(next: PersistedKeyState, expectedVersion: number): Promise<true> {
    this.#known.set(next.keyId, next.version);
    if (expectedVersion === 0) {
      await this.#connection.bounded('keys.index', () =>
        this.#connection.client.sadd(`${this.#prefix}:keys`, next.keyId),
      );
    }
    return true;
  }

  async delete(keyId: string): Promise<boolean> {
    let existed: number;
    try {
      existed = await this.#connection.run<number>(
        KEY_DELETE,
        [this.stateKey(keyId)],
        [this.#channel, keyId],
      );
    } catch (error) {
      if (!this.#unavailable(error)) throw error;
      const known = (this.#pending.get(keyId)?.next ?? this.#known.get(keyId)) !== undefined;
      this.#pending.queue(keyId, this.#known.get(keyId) ?? 0, undefined);
      return known;
    }
    this.#answered();
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

  /**
   * Writes the states queued while Redis was away, then compares every key this process knows with Redis and
   * announces (to this process's listeners) those another replica changed meanwhile. Runs after every
   * reconnect and when a call reaches Redis again; concurrent calls share one run.
   */
  flush(): Promise<void> {
    this.#flushing ??= this.#flush().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #flush(): Promise<void> {
    const ops = {
      read: (keyId: string) => this.get(keyId),
      write: async (next: PersistedKeyState, expected: number) =>
        (await this.#write(next, expected)) === 1 && this.#written(next, expected),
      remove: (keyId: string) => this.delete(keyId),
    };
    // Writes queued during a pass (while a write-back runs) are taken by the next one.
    for (let pass = 0; pass < 3 && this.#pending.size > 0; pass++) {
      for (const [keyId, write] of this.#pending.entries()) {
        try {
          await writeBack(ops, keyId, write);
          this.#pending.written(keyId, write);
        } catch (error) {
          // Still queued: the next reconnect or write tries again.
          if (RouterError.isInstance(error) && error.category === 'store_unavailable') return;
          throw error;
        }
      }
    }
    const missed = await missedChanges(this.#known, (keyId) =>
      this.#connection.bounded('keys.resync', () => this.#connection.client.hget(this.stateKey(keyId), 'v')),
    );
    for (const change of missed) this.#notify(change);
  }

  #write(next: PersistedKeyState, expectedVersion: number): Promise<number> {
    return this.#connection.run<number>(
      KEY_COMPARE_AND_SET,
      [this.stateKey(next.keyId)],
      [this.#channel, next.keyId, expectedVersion, next.version, JSON.stringify(next)],
    );
  }

  /** True when `error` means Redis is away (and the policy queues writes); emits the event on a change. */
  #unavailable(error: unknown): boolean {
    return this.#health.unavailable(error, this.#clock.now());
  }

  #answered(): void {
    if (this.#health.recovered(this.#clock.now())) this.flush().catch(() => undefined);
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
