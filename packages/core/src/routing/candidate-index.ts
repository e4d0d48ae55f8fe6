import type { KeyRecord } from '../keys/key-record.js';
import { KeyGroup } from './key-group.js';

function sortedPairs(entries: Array<[string, unknown]>, separator: string): string {
  return entries
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(separator);
}

/** One group a key joins: its signature, and the models the group is filed under. */
interface Membership {
  signature: string;
  limits: string;
  models: readonly string[] | undefined;
}

/**
 * What makes keys interchangeable for routing before any of them is used: provider, the models they serve,
 * declared limits and quota pool, weight and tags. Label and material do not matter to a decision. `limits`
 * alone decides a never-used key's quota check (its own limits, and the pool whose usage it shares).
 *
 * A key listing only exact model ids joins one group per model it lists: keys serving `[a, b]` and `[a, c]`
 * are interchangeable for a request for `a` (nothing a filter or scorer reads depends on the other models),
 * so a decision for `a` visits one group for both instead of one per distinct model list. A key without a
 * model list, or with a `prefix*` pattern, joins one group for its whole list.
 */
function membershipsOf(record: KeyRecord): Membership[] {
  const tags = sortedPairs(Object.entries(record.tags), '\u0001');
  const limits = `${sortedPairs(Object.entries(record.limits ?? {}), ',')}\u0001${record.quotaGroup ?? ''}`;
  const rest = `${limits}\u0000${record.weight}\u0000${tags}`;
  const models = record.models;
  if (models && models.length > 0 && !models.some((entry) => entry.endsWith('*')))
    return [...new Set(models)].map((model) => ({
      signature: `${record.providerId}\u0000${model}\u0000${rest}`,
      limits,
      models: [model],
    }));
  const list = models ? models.join('\u0001') : '\u0002any';
  return [{ signature: `${record.providerId}\u0000${list}\u0000${rest}`, limits, models }];
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

const NO_GROUPS: readonly KeyGroup[] = [];

/**
 * The keys of every provider in groups of interchangeable keys (see {@link KeyGroup}), filed by the models
 * they serve, kept up to date on register, update, removal and first use.
 *
 * @example
 * for (const list of index.groupsFor('openai', 'gpt-4o', true)) for (const group of list) group.quietCount;
 */
export class CandidateIndex {
  readonly #byProvider = new Map<string, ProviderGroups>();
  /**
   * The groups of each key: one per model it lists (exact ids), or one — then the group itself rather than an
   * array of one (most keys have one group, and an array per key would be a tenth of a key's memory).
   */
  readonly #groupsOf = new Map<KeyRecord, KeyGroup | KeyGroup[]>();
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

  /** The groups of a registered record (one per model it lists by exact id, or one). */
  groupsOfKey(record: KeyRecord): readonly KeyGroup[] {
    const groups = this.#groupsOf.get(record);
    return groups === undefined ? NO_GROUPS : Array.isArray(groups) ? groups : [groups];
  }

  /** Whether a registered record is quiet (never picked, no state change; the same in each of its groups). */
  isQuiet(record: KeyRecord): boolean {
    const groups = this.#groupsOf.get(record);
    const first = Array.isArray(groups) ? groups[0] : groups;
    return first?.isQuiet(record) === true;
  }

  /** Indexes a new record, quiet until {@link markUsed}. */
  add(record: KeyRecord, quiet = true): void {
    const epoch = ++this.#epoch;
    const groups = membershipsOf(record).map(({ signature, limits, models }) => {
      let group = this.#bySignature.get(signature);
      if (!group) {
        group = new KeyGroup(signature, record.providerId, models, limits);
        this.#bySignature.set(signature, group);
        this.#file(group);
      }
      group.add(record, quiet, epoch);
      return group;
    });
    this.#groupsOf.set(record, groups.length === 1 ? (groups[0] as KeyGroup) : groups);
  }

  /** Forgets a record; returns whether it was quiet. */
  remove(record: KeyRecord): boolean {
    if (!this.#groupsOf.has(record)) return false;
    let wasQuiet = false;
    for (const group of this.groupsOfKey(record)) {
      wasQuiet = group.remove(record);
      if (group.size === 0) {
        this.#bySignature.delete(group.signature);
        this.#unfile(group);
      }
    }
    this.#groupsOf.delete(record);
    return wasQuiet;
  }

  /** Re-files a record whose models, limits, weight or tags changed; it keeps its quiet state. */
  reindex(record: KeyRecord): void {
    if (!this.#groupsOf.has(record)) return;
    const quiet = this.remove(record);
    this.add(record, quiet);
  }

  /** A record was picked, or its state or statistics changed: from now on it is decided on its own. */
  markUsed(record: KeyRecord): void {
    if (!this.isQuiet(record)) return;
    const epoch = ++this.#epoch;
    for (const group of this.groupsOfKey(record)) group.markUsed(record, epoch);
  }

  /**
   * A decision picked `record`: it is used from now on, and the most recently picked of each of its groups
   * (see {@link KeyGroup.touch}).
   */
  picked(record: KeyRecord): void {
    if (this.isQuiet(record)) this.markUsed(record);
    else {
      const groups = this.#groupsOf.get(record);
      if (Array.isArray(groups)) for (const group of groups) group.touch(record);
      else groups?.touch(record);
    }
  }

  /**
   * `record` went out of service (a state that takes no requests): it goes to the back of its groups' order
   * like a pick, so the keys a large group screens first are ones that may serve, not the same disabled or
   * invalid keys re-screened by every decision. Back in service, it waits its turn behind the others.
   */
  outOfService(record: KeyRecord): void {
    this.picked(record);
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
