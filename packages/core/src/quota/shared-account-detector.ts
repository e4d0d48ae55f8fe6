import type { QuotaDimension, RateLimitObservation } from '../adapter/rate-limit-observation.js';
import { dimensionIndex, RPM, TPM } from './dimension-table.js';
import type { KeyQuotaRecord } from './key-quota-record.js';
import { sanitizeObservation } from './sanitize-observation.js';

/**
 * Ungrouped keys whose providers' counts move together: probably one account, worth one quota group.
 *
 * @example
 * const suggestion: QuotaGroupSuggestion = { keyIds: ['openai_1a…', 'openai_2b…'], dimension: 'requests_per_minute', limit: 60, evidence: 5 };
 */
export interface QuotaGroupSuggestion {
  /** The keys, sorted. @example ['openai_1a2b3c4d5e6f', 'openai_7a8b9c0d1e2f'] */
  keyIds: string[];
  /** The dimension whose counts moved together. @example 'requests_per_minute' */
  dimension: QuotaDimension;
  /** The limit the provider reported for each of them. @example 60 */
  limit: number;
  /** Agreeing observation pairs behind the weakest link of the suggestion. @example 3 */
  evidence: number;
}

interface Sighting {
  keyId: string;
  at: number;
  /** What the provider counted (`limit − remaining`). */
  counted: number;
}

interface PairEvidence {
  keyIds: [string, string];
  dimension: QuotaDimension;
  limit: number;
  agreeing: number;
}

/** Two observations further apart than this say nothing about each other. */
const SIMULTANEOUS_MS = 2_000;
/** Sightings kept per (dimension, limit): comparisons per observation stay O(1) however many keys there are. */
const SIGHTINGS_PER_LIMIT = 8;
/** Pairs remembered at most (oldest forgotten first): memory stays bounded. */
const MAX_PAIRS = 4_096;
/** Agreeing pairs of observations before two keys are suggested together. */
const EVIDENCE_NEEDED = 3;

/**
 * Watches ungrouped keys' per-minute rate-limit observations for the mark of a shared account: two keys that
 * report the same limit, at nearly the same instant, nearly the same provider count, each count including a
 * good part of the other key's own traffic. One observation that excludes the other key's traffic clears the
 * pair. Bounded: a few sightings per reported limit and at most 4,096 pairs.
 *
 * @example
 * detector.note(record, observation, clock.now(), ownUsage);
 * detector.suggestions(); // [{ keyIds: ['a', 'b'], dimension: 'requests_per_minute', limit: 60, evidence: 3 }]
 */
export class SharedAccountDetector {
  readonly #sightings = new Map<string, Sighting[]>();
  readonly #pairs = new Map<string, PairEvidence>();

  /**
   * Compares an ungrouped key's observation with other keys' recent ones; `lookup` finds a key's record (undefined
   * once it is gone).
   */
  note(
    record: KeyQuotaRecord,
    untrusted: RateLimitObservation,
    now: number,
    lookup: (keyId: string) => KeyQuotaRecord | undefined,
  ): void {
    if (record.group !== undefined) return;
    // What the router itself sent through a key that the provider counts: committed and in flight.
    const own = (keyId: string, index: number) => {
      const key = lookup(keyId);
      if (key === undefined || key.group !== undefined) return undefined;
      return key.used(index, now) - key.externalAt(index, now) + key.reserved(index);
    };
    for (const facts of sanitizeObservation(untrusted, now).dimensions) {
      const index = dimensionIndex(facts.dimension);
      if ((index !== RPM && index !== TPM) || facts.limit === undefined || facts.remaining === undefined)
        continue;
      const counted = Math.max(0, facts.limit - facts.remaining);
      const slot = `${index}:${facts.limit}`;
      const recent = (this.#sightings.get(slot) ?? []).filter(
        (s) => s.keyId !== record.keyId && now - s.at <= SIMULTANEOUS_MS,
      );
      const mine = own(record.keyId, index) ?? 0;
      const minimum = Math.max(3, facts.limit * 0.05);
      for (const other of recent) {
        const theirs = own(other.keyId, index);
        if (theirs === undefined || theirs < minimum) continue;
        const includesTheirs = counted >= mine + 0.5 * theirs;
        const together = includesTheirs && Math.abs(counted - other.counted) <= facts.limit * 0.1;
        const apart = counted < mine + 0.25 * theirs;
        if (together || apart)
          this.#record(record.keyId, other.keyId, facts.dimension, facts.limit, together);
      }
      recent.push({ keyId: record.keyId, at: now, counted });
      this.#sightings.set(slot, recent.slice(-SIGHTINGS_PER_LIMIT));
    }
  }

  /** Groups of keys with enough agreeing evidence, linked pair by pair; keys `keep` rejects are left out. */
  suggestions(keep: (keyId: string) => boolean): QuotaGroupSuggestion[] {
    const parent = new Map<string, string>();
    const root = (id: string): string => {
      let at = id;
      while (parent.get(at) !== at) at = parent.get(at) as string;
      return at;
    };
    const links: PairEvidence[] = [];
    for (const pair of this.#pairs.values()) {
      if (pair.agreeing < EVIDENCE_NEEDED || !pair.keyIds.every(keep)) continue;
      links.push(pair);
      for (const id of pair.keyIds) if (!parent.has(id)) parent.set(id, id);
      parent.set(root(pair.keyIds[0]), root(pair.keyIds[1]));
    }
    const groups = new Map<string, QuotaGroupSuggestion>();
    for (const pair of links) {
      const top = root(pair.keyIds[0]);
      const group = groups.get(top) ?? {
        keyIds: [],
        dimension: pair.dimension,
        limit: pair.limit,
        evidence: pair.agreeing,
      };
      for (const id of pair.keyIds) if (!group.keyIds.includes(id)) group.keyIds.push(id);
      group.evidence = Math.min(group.evidence, pair.agreeing);
      groups.set(top, group);
    }
    return [...groups.values()].map((group) => ({ ...group, keyIds: group.keyIds.sort() }));
  }

  /** Forgets everything about a key (removed, or now in a group). */
  forget(keyId: string): void {
    for (const [id, pair] of this.#pairs) if (pair.keyIds.includes(keyId)) this.#pairs.delete(id);
    for (const [slot, recent] of this.#sightings) {
      const kept = recent.filter((s) => s.keyId !== keyId);
      if (kept.length === 0) this.#sightings.delete(slot);
      else this.#sightings.set(slot, kept);
    }
  }

  #record(a: string, b: string, dimension: QuotaDimension, limit: number, together: boolean): void {
    const keyIds: [string, string] = a < b ? [a, b] : [b, a];
    const id = `${keyIds[0]}\u0000${keyIds[1]}`;
    const pair = this.#pairs.get(id);
    if (!together) {
      this.#pairs.delete(id);
      return;
    }
    if (pair !== undefined) {
      pair.agreeing++;
      return;
    }
    if (this.#pairs.size >= MAX_PAIRS) this.#pairs.delete(this.#pairs.keys().next().value as string);
    this.#pairs.set(id, { keyIds, dimension, limit, agreeing: 1 });
  }
}
