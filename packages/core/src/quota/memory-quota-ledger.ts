import type { KeyQuotaRecord } from './key-quota-record.js';
import type { QuotaLedger } from './quota-ledger.js';

/**
 * The default {@link QuotaLedger}: records in a Map. `update` runs `mutate` synchronously inside the call,
 * so on Node's single thread it is atomic without locks, and its effect is visible to `get` at once.
 *
 * @example
 * const ledger = new MemoryQuotaLedger();
 * ledger.add(new KeyQuotaRecord('key-a', { rpm: 60 }));
 * await ledger.update('key-a', (record) => record.inFlight); // 0
 */
export class MemoryQuotaLedger implements QuotaLedger {
  readonly #records = new Map<string, KeyQuotaRecord>();

  get size(): number {
    return this.#records.size;
  }

  get(keyId: string): KeyQuotaRecord | undefined {
    return this.#records.get(keyId);
  }

  add(record: KeyQuotaRecord): void {
    this.#records.set(record.keyId, record);
  }

  remove(keyId: string): void {
    this.#records.delete(keyId);
  }

  update<T>(keyId: string, mutate: (record: KeyQuotaRecord) => T): Promise<T | undefined> {
    const record = this.#records.get(keyId);
    if (record === undefined) return Promise.resolve(undefined);
    try {
      return Promise.resolve(mutate(record));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
