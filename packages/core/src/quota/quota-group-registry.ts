import type { FitPolicy } from './earliest-fit.js';
import { KeyQuotaRecord } from './key-quota-record.js';
import type { QuotaGroupInfo } from './quota-group-types.js';
import type { DeclaredLimits } from './quota-types.js';
import { SharedAccountDetector } from './shared-account-detector.js';

/**
 * Prefix of a quota group's id in a `QuotaStore`: key ids (`provider_digest`) never contain `:`, so a
 * group's counters can live beside the keys' under their own id and every store shares them as it shares a key's.
 *
 * @example
 * `${QUOTA_GROUP_STORE_PREFIX}org-a`; // 'quota-group:org-a'
 */
export const QUOTA_GROUP_STORE_PREFIX = 'quota-group:';

/**
 * Fit policy of a group record: no slow start. Each member key probes its own unknown limits; a group whose
 * limits are unknown restricts nothing until a declaration or a response teaches one.
 *
 * @example
 * evaluateFit(group.record, 200, 500, now, GROUP_POLICY);
 */
export const GROUP_POLICY: FitPolicy = Object.freeze({
  cautiousConcurrency: Number.POSITIVE_INFINITY,
  cautiousSuccesses: 0,
});

/**
 * The name of the group a record stands for, or undefined for a key's record.
 *
 * @example
 * groupName(engineGroupRecord); // 'org-a'
 */
export function groupName(record: KeyQuotaRecord): string | undefined {
  return record.keyId.startsWith(QUOTA_GROUP_STORE_PREFIX)
    ? record.keyId.slice(QUOTA_GROUP_STORE_PREFIX.length)
    : undefined;
}

/**
 * One shared quota pool: its record (limits, windows, holds of every member's requests) and its members.
 *
 * @example
 * const group = registry.ensure('org-a');
 * group.members.size; // 4
 */
export interface QuotaGroup {
  /** The group's name. @example 'org-a' */
  readonly name: string;
  /** Quota state shared by the members; its `keyId` is the group's store id. */
  readonly record: KeyQuotaRecord;
  /** Ids of the member keys. */
  readonly members: Set<string>;
  /** Limits declared for the whole group; undefined when none (then only learned limits apply). */
  declared: DeclaredLimits | undefined;
}

/**
 * The engine's quota groups by name. A group exists while it has members or declared limits, so memory is
 * bounded by the keys and the declarations.
 *
 * @example
 * const registry = new QuotaGroupRegistry();
 * registry.join(keyRecord, 'org-a');
 */
export class QuotaGroupRegistry {
  readonly #groups = new Map<string, QuotaGroup>();
  /** Ungrouped keys whose counts move together, to suggest as groups. */
  readonly detector = new SharedAccountDetector();

  /** The group of that name, if it exists. */
  get(name: string): QuotaGroup | undefined {
    return this.#groups.get(name);
  }

  /** The group a key's record belongs to, if any. */
  ofKey(record: KeyQuotaRecord): QuotaGroup | undefined {
    return record.group === undefined ? undefined : this.#groups.get(groupName(record.group) ?? '');
  }

  /** The group of that name, created empty when missing. */
  ensure(name: string): QuotaGroup {
    let group = this.#groups.get(name);
    if (group === undefined) {
      const record = new KeyQuotaRecord(`${QUOTA_GROUP_STORE_PREFIX}${name}`);
      group = { name, record, members: new Set(), declared: undefined };
      this.#groups.set(name, group);
    }
    return group;
  }

  /** A group's public info; undefined when it does not exist. */
  info(name: string): QuotaGroupInfo | undefined {
    const group = this.#groups.get(name);
    if (group === undefined) return undefined;
    const info: QuotaGroupInfo = { name: group.name, keyIds: [...group.members] };
    if (group.declared !== undefined) info.limits = { ...group.declared };
    return info;
  }

  /** Every group's public info, in creation order. */
  list(): QuotaGroupInfo[] {
    return [...this.#groups.keys()].map((name) => this.info(name) as QuotaGroupInfo);
  }

  /** Declares (or, with undefined, forgets) a group's limits; learned limits stay. */
  declare(name: string, limits: DeclaredLimits | undefined): QuotaGroup | undefined {
    const group = limits === undefined ? this.#groups.get(name) : this.ensure(name);
    if (group === undefined) return undefined;
    group.declared = limits === undefined ? undefined : { ...limits };
    group.record.setDeclared(limits ?? {});
    this.#prune(group);
    return group;
  }

  /** Moves a key's record into a group (or out of any, with undefined). */
  join(record: KeyQuotaRecord, name: string | undefined): void {
    this.leave(record);
    if (name === undefined) return;
    this.detector.forget(record.keyId);
    const group = this.ensure(name);
    group.members.add(record.keyId);
    record.group = group.record;
    record.touch();
  }

  /** Takes a key's record out of its group; an empty group without declared limits is forgotten. */
  leave(record: KeyQuotaRecord): void {
    const current = record.group;
    if (current === undefined) return;
    record.group = undefined;
    record.touch();
    const group = this.#groups.get(groupName(current) ?? '');
    if (group === undefined) return;
    group.members.delete(record.keyId);
    this.#prune(group);
  }

  #prune(group: QuotaGroup): void {
    if (group.members.size === 0 && group.declared === undefined) this.#groups.delete(group.name);
  }
}
