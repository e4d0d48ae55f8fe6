import { timingSafeEqual } from 'node:crypto';
import type { VirtualKeyConfig } from '../config/config-schema.js';
import { sha256 } from './secret-digest.js';

/** A virtual key as the gateway keeps it: its settings and the SHA-256 of its material, never the material. */
export interface VirtualKey {
  /** Name in logs, metrics and spend. */
  name: string;
  /** SHA-256 digest of the key. */
  hash: Buffer;
  /** Allowed models (prefix entries end in `*`); undefined allows every model. */
  models: readonly string[] | undefined;
  /** Requests per minute, when limited. */
  rpm: number | undefined;
  /** Tags added to every request. */
  tags: Readonly<Record<string, string>>;
  /** Default cache max-age in seconds, when caching is on for this key. */
  cacheMaxAgeSeconds: number | undefined;
}

/**
 * SHA-256 of a key, as hex: what `keyHash` in the config holds.
 *
 * @example
 * hashKey('akr-team-search-0123456789'); // '5c1f…'
 */
export function hashKey(material: string): string {
  return sha256(material).toString('hex');
}

/**
 * The virtual keys of a config, looked up by presented material. The material is hashed on load and dropped.
 *
 * @example
 * const store = new VirtualKeyStore(config.virtualKeys);
 * store.authenticate(bearerToken)?.name;
 */
export class VirtualKeyStore {
  readonly #byHash = new Map<string, VirtualKey>();

  constructor(entries: readonly VirtualKeyConfig[]) {
    for (const entry of entries) {
      const hex = entry.keyHash ?? hashKey(entry.key ?? '');
      this.#byHash.set(hex, {
        name: entry.name,
        hash: Buffer.from(hex, 'hex'),
        models: entry.models,
        rpm: entry.limits?.rpm,
        tags: entry.tags ?? {},
        cacheMaxAgeSeconds: entry.cache?.maxAgeSeconds,
      });
    }
  }

  /**
   * The virtual key for presented material, or undefined. The map is keyed by the digest of the presented
   * value (which reveals nothing about stored keys); the final comparison is constant-time anyway.
   */
  authenticate(material: string | undefined): VirtualKey | undefined {
    if (material === undefined || material === '' || material.length > 1024) return undefined;
    const digest = sha256(material);
    const found = this.#byHash.get(digest.toString('hex'));
    if (!found || !timingSafeEqual(found.hash, digest)) return undefined;
    return found;
  }

  /** Every virtual key (without material). */
  all(): VirtualKey[] {
    return [...this.#byHash.values()];
  }
}
