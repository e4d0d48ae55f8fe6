import type { PersistedKeyState } from '@apikeyrouter/core';

/** Most keys with a write waiting for Redis; past it the oldest waiting key's write is dropped. */
const MAX_KEYS = 100_000;

/**
 * A key-state write made while Redis was away: `next` is this process's latest state of the key (undefined:
 * deleted), `base` the version Redis held when the first of its writes was queued.
 *
 * @example
 * const write: PendingKeyWrite = { base: 3, next: state };
 */
export interface PendingKeyWrite {
  /** Version in Redis the queued writes build on. @example 3 */
  base: number;
  /** The latest state written here; undefined when the key was deleted. */
  next: PersistedKeyState | undefined;
}

/**
 * Key-state writes waiting for Redis (`onUnavailable: { keys: 'local' }`): one entry per key, the latest write
 * replacing earlier ones (only the newest state matters), bounded by the number of keys.
 *
 * @example
 * const pending = new PendingKeyWrites();
 * pending.queue('key_1', 3, state);
 * for (const [keyId, write] of pending.entries()) { await writeBack(ops, keyId, write); pending.written(keyId, write); }
 */
export class PendingKeyWrites {
  readonly #writes = new Map<string, PendingKeyWrite>();

  /** Keys with a write waiting. */
  get size(): number {
    return this.#writes.size;
  }

  /** The write waiting for `keyId`, if any. */
  get(keyId: string): PendingKeyWrite | undefined {
    return this.#writes.get(keyId);
  }

  /** Records a write (`next` undefined: a delete) that expected version `expected`. */
  queue(keyId: string, expected: number, next: PersistedKeyState | undefined): void {
    const prior = this.#writes.get(keyId);
    if (prior === undefined && this.#writes.size >= MAX_KEYS) {
      this.#writes.delete(this.#writes.keys().next().value as string);
    }
    this.#writes.set(keyId, { base: prior?.base ?? expected, next });
  }

  /** The waiting writes now; they stay queued (and visible to `get`) until {@link PendingKeyWrites.written}. */
  entries(): Array<[string, PendingKeyWrite]> {
    return [...this.#writes];
  }

  /** Forgets a write once it is in Redis, unless a newer one of the key was queued meanwhile. */
  written(keyId: string, write: PendingKeyWrite): void {
    if (this.#writes.get(keyId) === write) this.#writes.delete(keyId);
  }
}
