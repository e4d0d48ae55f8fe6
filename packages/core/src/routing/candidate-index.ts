import type { KeyRecord } from '../keys/key-record.js';
import { KeyGroup } from './key-group.js';

function sortedPairs(entries: Array<[string, unknown]>, separator: string): string {
  return entries
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(separator);
}

/**
 * What makes keys interchangeable for routing before any of them is used: provider, models, declared limits
 * and quota pool, weight and tags. Label and material do not matter to a decision. `limits` alone decides a
 * never-used key's quota check (its own limits, and the pool whose usage it shares).
 */
function signatureOf(record: KeyRecord): { signature: string; limits: string } {
  const tags = sortedPairs(Object.entries(record.tags), '\u0001');
  const limits = `${sortedPairs(Object.entries(record.limits ?? {}), ',')}\u0001${record.quotaGroup ?? ''}`;
  const models = record.models ? record.models.join('\u0001') : '\u0002any';
  return { signature: [record.providerId, models, limits, record.weight, tags].join('\u0000'), limits };
}

/** A provider's groups, and the same groups by the model ids they list. */
interface ProviderGroups {
  all: KeyGroup[];
  /** Groups without a model list: they serve what the provider serves. */
  unrestricted: KeyGroup[];
  /** Groups listing only exact model ids, under each id. */
  byModel: Map<string, KeyGroup[]>;
  /** Groups listing a `prefix*` pattern, checked one by one. */
  patterned: KeyGroup[];
}

function drop(list: KeyGroup[] | undefined, group: KeyGroup): void {
  const at = list ? list.indexOf(group) : -1;
  if (list && at >= 0) list.splice(at, 1);
}

/** The exact model ids a group is filed under, or undefined when it goes to `unrestricted`/`patterned`. */
function exactModels(group: KeyGroup): Set<string> | undefined {
  if (!group.models || group.models.some((entry) => entry.endsWith('*'))) return undefined;
  return new Set(group.models);
}

export class CandidateIndex {
  readonly #byProvider = new Map<string, ProviderGroups>();
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
    return this.#byProvider.get(providerId)?.all ?? [];
  }

  /**
   * The groups of a provider whose keys may serve `model`: those listing it, those with a pattern (to be
   * checked with {@link KeyGroup.serves}), and, when the provider serves the model by default, those without
   * a model list. O(groups serving the model), not O(groups).
   */
  groupsFor(providerId: string, model: string, servesByDefault: boolean): readonly KeyGroup[][] {
    const groups = this.#byProvider.get(providerId);
    if (!groups) return [];
    const out: KeyGroup[][] = [];
    const listed = groups.byModel.get(model);
    if (listed) out.push(listed);
    if (groups.patterned.length > 0) out.push(groups.patterned);
    if (servesByDefault && groups.unrestricted.length > 0) out.push(groups.unrestricted);
    return out;
  }

  /** The group of a registered record. */
  groupOf(record: KeyRecord): KeyGroup | undefined {
    return this.#groupOf.get(record);
  }

  /** Indexes a new record, quiet until {@link markUsed}. */
  add(record: KeyRecord, quiet = true): void {
    const { signature, limits } = signatureOf(record);
    let group = this.#bySignature.get(signature);
    if (!group) {
      group = new KeyGroup(signature, record.providerId, record.models, limits);
      this.#bySignature.set(signature, group);
      this.#file(group);
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
      this.#unfile(group);
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

  /**
   * A decision picked `record`: it is used from now on, and the most recently picked of its group (see
   * {@link KeyGroup.touch}).
   */
  picked(record: KeyRecord): void {
    const group = this.#groupOf.get(record);
    if (group?.isQuiet(record)) group.markUsed(record, ++this.#epoch);
    else group?.touch(record);
  }

  #file(group: KeyGroup): void {
    let groups = this.#byProvider.get(group.providerId);
    if (!groups) {
      groups = { all: [], unrestricted: [], byModel: new Map(), patterned: [] };
      this.#byProvider.set(group.providerId, groups);
    }
    groups.all.push(group);
    const exact = exactModels(group);
    if (!group.models) groups.unrestricted.push(group);
    else if (!exact) groups.patterned.push(group);
    else
      for (const model of exact) {
        const list = groups.byModel.get(model);
        if (list) list.push(group);
        else groups.byModel.set(model, [group]);
      }
  }

  #unfile(group: KeyGroup): void {
    const groups = this.#byProvider.get(group.providerId);
    if (!groups) return;
    drop(groups.all, group);
    drop(groups.unrestricted, group);
    drop(groups.patterned, group);
    for (const model of exactModels(group) ?? []) {
      const list = groups.byModel.get(model);
      drop(list, group);
      if (list?.length === 0) groups.byModel.delete(model);
    }
  }
}
