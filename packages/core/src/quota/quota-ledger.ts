import type { KeyQuotaRecord } from './key-quota-record.js';

/**
 * Where the quota engine keeps its mutable per-key state. The in-memory {@link MemoryQuotaLedger} is the
 * default; a shared store (Redis) implements the same contract so several router instances count against
 * the same limits:
 * - `get` serves the synchronous hot path (`check`, `nextFitAt`): a remote ledger answers from a local
 *   replica refreshed by every `update`.
 * - `update` is an atomic read-modify-write of one key: `mutate` sees the authoritative record and its
 *   changes are stored before anyone else's. A remote ledger can run it as an optimistic transaction
 *   (WATCH, read, mutate, MULTI/EXEC, retry on conflict), so `mutate` must be free of outside effects.
 *   Reserve-if-fits is one `update`, which is what makes it atomic.
 *
 * @example
 * const engine = new QuotaAwarenessEngine({ clock, ledger: new MemoryQuotaLedger() });
 */
export interface QuotaLedger {
  /** The key's record for synchronous reads; undefined for an unknown key. */
  get(keyId: string): KeyQuotaRecord | undefined;
  /** Stores a new key's record (replacing any previous one). */
  add(record: KeyQuotaRecord): void;
  /** Forgets a key. */
  remove(keyId: string): void;
  /** Atomically applies `mutate` to the key's record; resolves undefined when the key is unknown. */
  update<T>(keyId: string, mutate: (record: KeyQuotaRecord) => T): Promise<T | undefined>;
  /** Number of keys held. */
  readonly size: number;
}
