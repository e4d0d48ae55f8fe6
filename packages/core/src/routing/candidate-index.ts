import type { KeyRecord } from '../keys/key-record.js';
import { KeyGroup } from './key-group.js';

/**
 * What makes keys interchangeable for routing before any of them is used: provider, models, declared limits,
 * weight and tags. Label and material do not matter to a decision.
 */
function signatureOf(record: KeyRecord): string {
  const tags = Object.entries(record.tags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('\u0001');
  const limits = record.limits
    ? Object.entries(record.limits)
        .filter(([, value]) => value !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => `${name}=${value}`)
        .join(',')
    : '';
  const models = record.models ? record.models.join('\u0001') : '\u0002any';
  return [record.providerId, models, limits, record.weight, tags].join('\u0000');
}

/**
 * Keys by provider and group of interchangeable keys, maintained on register, remove, update and first use,
 * so a decision walks the groups serving the requested model instead of every key (see {@link KeyGroup} for
 * why a group's quiet keys can be decided by two representatives).
 *
 * @example
 * const index = new CandidateIndex();
 * index.add(record);
 * for (const group of index.groupsOf('openai')) if (group.serves(model, true)) …;
 */
export class CandidateIndex {
  readonly #byProvider = new Map<string, KeyGroup[]>();
  readonly #groupOf = new Map<KeyRecord, KeyGroup>();
  readonly #bySignature = new Map<string, KeyGroup>();
  /** Counts keys joining a group or leaving the quiet state: a decision remembers it to know which keys were quiet then. */
  #epoch = 0;

  /** The current quiet epoch (see {@link KeyGroup.quietAt}). */
  get epoch(): number {
    return this.#epoch;
  }

  /** The groups of a provider, in creation order. */
  groupsOf(providerId: string): readonly KeyGroup[] {
    return this.#byProvider.get(providerId) ?? [];
  }

  /** The group of a registered record. */
  groupOf(record: KeyRecord): KeyGroup | undefined {
    return this.#groupOf.get(record);
  }

  /** Indexes a new record, quiet until {@link markUsed}. */
  add(record: KeyRecord, quiet = true): void {
    const signature = signatureOf(record);
    let group = this.#bySignature.get(signature);
    if (!group) {
      group = new KeyGroup(signature, record.providerId, record.models);
      this.#bySignature.set(signature, group);
      const list = this.#byProvider.get(record.providerId);
      if (list) list.push(group);
      else this.#byProvider.set(record.providerId, [group]);
    }
    group.add(record, quiet, ++this.#epoch);
    this.#groupOf.set(record, group);
  }

  /** Forgets a record. */
  remove(record: KeyRecord): boolean {
    const group = this.#groupOf.get(record);
    if (!group) return false;
    const wasQuiet = group.remove(record);
    this.#groupOf.delete(record);
    if (group.size === 0) {
      this.#bySignature.delete(group.signature);
      const list = this.#byProvider.get(group.providerId) ?? [];
      const at = list.indexOf(group);
      if (at >= 0) list.splice(at, 1);
    }
    return wasQuiet;
  }

  /** Re-files a record whose models, limits, weight or tags changed; it keeps its quiet state. */
  reindex(record: KeyRecord): void {
    if (!this.#groupOf.has(record)) return;
    const quiet = this.remove(record);
    this.add(record, quiet);
  }

  /** A record was picked, or its state or statistics changed: from now on it is decided on its own. */
  markUsed(record: KeyRecord): void {
    const group = this.#groupOf.get(record);
    if (group?.isQuiet(record)) group.markUsed(record, ++this.#epoch);
  }
}
