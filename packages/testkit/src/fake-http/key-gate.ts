import type { Clock } from '@apikeyrouter/core';
import type { HiddenLimits } from '../limits/hidden-limits.js';
import { KeyLimitEnforcer } from '../limits/key-limit-enforcer.js';
import { ProviderStats } from './provider-stats.js';

/**
 * A simulated key: hidden limits plus behaviour.
 *
 * @example
 * ```ts
 * // Two keys of one organisation: they share its 100 requests per minute.
 * const org = new KeyLimitEnforcer({ rpm: 100 }, () => clock.now());
 * const keys: Record<string, FakeKeySpec> = {
 *   'sk-a': { sharedLimits: org, label: 'a', latencyMs: 50 },
 *   'sk-b': { sharedLimits: org, label: 'b' },
 * };
 * const fake = await startFakeProvider({ flavor: 'openai', keys, clock });
 * ```
 */
export interface FakeKeySpec extends HiddenLimits {
  /** Added to every response of this key, in ms. */
  latencyMs?: number;
  /** Name in `stats()`; defaults to `key-<n>` in declaration order. Never the material. */
  label?: string;
  /**
   * Limits this key shares with others (an organisation's or project's, as OpenAI enforces them): pass one
   * enforcer to several keys. It replaces the key's own limits, and its counts are what the rate-limit
   * headers report.
   */
  sharedLimits?: KeyLimitEnforcer;
}

/**
 * A known key as the gate resolves it.
 *
 * @example
 * ```ts
 * const gate = new KeyGate({ 'sk-a': { rpm: 10, latencyMs: 30 } }, clock);
 * const key: GatedKey | undefined = gate.lookup('sk-a');
 * const admission = key?.limits.admit(500); // key.label 'key-0', key.latencyMs 30
 * ```
 */
export interface GatedKey {
  /** Stats label. */
  label: string;
  /** The key's hidden limits. */
  limits: KeyLimitEnforcer;
  /** Extra latency in ms. */
  latencyMs: number;
}

/**
 * Authenticates key material against the simulated keys and owns their limit enforcers and stats.
 *
 * @example
 * const gate = new KeyGate({ 'sk-a': { rpm: 10 } }, clock);
 * gate.lookup('sk-a')?.label; // 'key-0'
 */
export class KeyGate {
  readonly #keys = new Map<string, GatedKey>();
  /** Per-label counters. */
  readonly stats = new ProviderStats();

  constructor(keys: Readonly<Record<string, FakeKeySpec>>, clock: Clock) {
    let index = 0;
    for (const [material, spec] of Object.entries(keys)) {
      this.#keys.set(material, {
        label: spec.label ?? `key-${index}`,
        limits: spec.sharedLimits ?? new KeyLimitEnforcer(spec, () => clock.now()),
        latencyMs: spec.latencyMs ?? 0,
      });
      index++;
    }
  }

  /** The simulated key for this material, or undefined when unknown (→ 401). */
  lookup(material: string | undefined): GatedKey | undefined {
    return material === undefined ? undefined : this.#keys.get(material);
  }
}
