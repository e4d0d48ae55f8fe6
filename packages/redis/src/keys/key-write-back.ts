import type { PersistedKeyState } from '@apikeyrouter/core';
import type { PendingKeyWrite } from './pending-key-writes.js';

/** Tries per key when other replicas keep writing the same key during the write-back. */
const ATTEMPTS = 3;

/**
 * The Redis operations a write-back needs (each one script or command on the key's slot).
 *
 * @example
 * const ops: KeyWriteOps = { read: (id) => keys.get(id), write: (s, v) => keys.compareAndSet(s, v), remove: (id) => keys.delete(id) };
 */
export interface KeyWriteOps {
  /** The state in Redis now. */
  read(keyId: string): Promise<PersistedKeyState | undefined>;
  /** Compare-and-set on the version (announced to every replica). */
  write(next: PersistedKeyState, expected: number): Promise<boolean>;
  /** Deletes the state (announced). */
  remove(keyId: string): Promise<boolean>;
}

/**
 * Writes one key's state queued while Redis was away. When Redis still holds the version the queued writes
 * built on (or lost the key in a restart), this process's state goes in as it is. When another replica wrote
 * the key meanwhile, the state whose transition happened later (`stateSince`) wins — the more recent
 * observation of the key — and is written with a version above both, so every replica, this one included,
 * adopts it from the announcement. Throws `store_unavailable` when Redis is away again.
 *
 * @example
 * await writeBack(ops, 'key_1', { base: 3, next: state });
 */
export async function writeBack(ops: KeyWriteOps, keyId: string, write: PendingKeyWrite): Promise<void> {
  const ours = write.next;
  if (ours === undefined) {
    await ops.remove(keyId);
    return;
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await ops.read(keyId);
    if (current === undefined) {
      if (await ops.write(ours, 0)) return;
      continue;
    }
    if (current.version === write.base) {
      if (await ops.write(ours, write.base)) return;
      continue;
    }
    const winner = current.stateSince > ours.stateSince ? current : ours;
    const version = Math.max(ours.version, current.version) + 1;
    if (await ops.write({ ...winner, version }, current.version)) return;
  }
  // Still racing after three tries: the other replicas' latest write stands, and is announced by them.
}

/**
 * The keys whose state in Redis is newer than the version this process knows (changes announced while its
 * subscriber was away), read with one `HGET` per key, all at once.
 *
 * @example
 * await missedChanges(known, (keyId) => client.hget(stateKey(keyId), 'v')); // [{ keyId: 'k1', version: 4 }]
 */
export async function missedChanges(
  known: ReadonlyMap<string, number>,
  readVersion: (keyId: string) => Promise<string | null>,
): Promise<Array<{ keyId: string; version: number }>> {
  const ids = [...known.keys()];
  const versions = await Promise.all(ids.map(readVersion));
  const missed: Array<{ keyId: string; version: number }> = [];
  for (const [i, keyId] of ids.entries()) {
    const version = Number(versions[i] ?? 0);
    if (version > (known.get(keyId) ?? 0)) missed.push({ keyId, version });
  }
  return missed;
}
