import type { Clock } from '../clock/clock.js';
import { refreshCapacityState } from './capacity-state.js';
import { groupQuotaState } from './grouped-state.js';
import type { KeyQuotaRecord } from './key-quota-record.js';
import { groupName, type QuotaGroupRegistry } from './quota-group-registry.js';
import type { QuotaGroupInfo, QuotaGroupState } from './quota-group-types.js';
import type { DeclaredLimits } from './quota-types.js';
import type { QuotaGroupSuggestion } from './shared-account-detector.js';
import { assertDeclaredLimits, assertQuotaGroupName, unknownKey } from './validate-input.js';

/**
 * Shared quota pools of a {@link QuotaAwarenessEngine} (`engine.groups`): keys whose provider enforces one
 * limit for all of them (an organisation, a project) share a group. A reservation counts against the key and
 * its group; a grouped key's rate-limit responses teach the group (OpenAI's `x-ratelimit-*` describe the
 * organisation). A group lives while it has members or declared limits. See docs/quota.md.
 *
 * @example
 * engine.groups.setLimits('org-a', { rpm: 500, tpm: 200_000 });
 * engine.groups.assign('key-a', 'org-a');
 * (await engine.groups.getQuotaState('org-a'))?.remainingCapacity;
 */
export class QuotaGroups {
  readonly #registry: QuotaGroupRegistry;
  readonly #lookup: (keyId: string) => KeyQuotaRecord | undefined;
  readonly #clock: Clock;

  /** @internal Built by the engine, which owns the key records. */
  constructor(
    registry: QuotaGroupRegistry,
    lookup: (keyId: string) => KeyQuotaRecord | undefined,
    clock: Clock,
  ) {
    this.#registry = registry;
    this.#lookup = lookup;
    this.#clock = clock;
  }

  /**
   * Puts a key into a group (created if new), or takes it out with undefined. In-flight reservations settle
   * in the group they were made in.
   *
   * @example
   * engine.groups.assign('key-a', 'org-a');
   */
  assign(keyId: string, group: string | undefined): void {
    if (group !== undefined) assertQuotaGroupName(group);
    this.#registry.join(this.#record(keyId), group);
  }

  /**
   * The group of a key; undefined when ungrouped.
   *
   * @example
   * engine.groups.of('key-a'); // 'org-a'
   */
  of(keyId: string): string | undefined {
    const group = this.#record(keyId).group;
    return group === undefined ? undefined : groupName(group);
  }

  /**
   * Declares limits for a whole group (created if new), same shape as a key's; undefined forgets the
   * declaration. Learned limits stay, and the stricter of declared and learned applies.
   *
   * @example
   * engine.groups.setLimits('org-a', { rpm: 500 });
   */
  setLimits(group: string, limits: DeclaredLimits | undefined): void {
    assertQuotaGroupName(group);
    if (limits !== undefined) assertDeclaredLimits(limits);
    const entry = this.#registry.declare(group, limits);
    if (entry !== undefined) refreshCapacityState(entry.record, this.#clock.now());
  }

  /**
   * A group's declared limits and members; undefined for a group without either.
   *
   * @example
   * engine.groups.get('org-a')?.keyIds;
   */
  get(group: string): QuotaGroupInfo | undefined {
    return this.#registry.info(group);
  }

  /**
   * Every group, in creation order.
   *
   * @example
   * engine.groups.list().map((g) => g.name);
   */
  list(): QuotaGroupInfo[] {
    return this.#registry.list();
  }

  /**
   * Ungrouped keys whose providers' per-minute counts move together — each key's reported count includes the
   * others' traffic, at the same limit, observation after observation — so they probably share one account.
   * Nothing is grouped automatically: apply a suggestion with `assign` (or `registerKey(…, { quotaGroup })`).
   *
   * @example
   * for (const s of engine.groups.suggest()) for (const id of s.keyIds) engine.groups.assign(id, 'org-a');
   */
  suggest(): QuotaGroupSuggestion[] {
    return this.#registry.detector.suggestions((keyId) => {
      const record = this.#lookup(keyId);
      return record !== undefined && record.group === undefined;
    });
  }

  /**
   * A group's shared limits, usage (every member's), prediction and capacity state; undefined for an
   * unknown group.
   *
   * @example
   * const state = await engine.groups.getQuotaState('org-a');
   */
  async getQuotaState(group: string): Promise<QuotaGroupState | undefined> {
    const entry = this.#registry.get(group);
    return entry === undefined ? undefined : groupQuotaState(entry, this.#clock.now());
  }

  #record(keyId: string): KeyQuotaRecord {
    const record = this.#lookup(keyId);
    if (record === undefined) throw unknownKey(keyId);
    return record;
  }
}
