import type { DeclaredLimits } from '../quota/index.js';
import type { KeyStateName } from './key-state.js';

/**
 * Options of `router.registerKey`.
 *
 * @example
 * ```ts
 * const options: KeyOptions = {
 *   label: 'openai-team-search',
 *   models: ['gpt-4o*'],
 *   limits: { rpm: 500, tpm: 30_000 },
 *   weight: 2,
 *   tags: { team: 'search' },
 * };
 * await router.registerKey(process.env.OPENAI_API_KEY!, 'openai', options);
 * ```
 */
export interface KeyOptions {
  /** Human-readable name shown in explanations and tables. Default: the key id. */
  label?: string;
  /** Models this key may serve (entries ending in `*` match by prefix). Default: the adapter's models. */
  models?: string[];
  /** Limits you know this key has; the router never exceeds them and learns the rest from headers. */
  limits?: DeclaredLimits;
  /** Share of traffic under the `fairness` objective, relative to other keys. Default 1. */
  weight?: number;
  /** Free-form labels (team, environment …). */
  tags?: Record<string, string>;
  /**
   * Quota group: keys of one provider account (organisation, project) whose provider enforces one limit for
   * all of them. Reservations count against the key and its group; see `router.setQuotaGroup`. `null` (when
   * registering the same material again) takes the key out of its group.
   */
  quotaGroup?: string | null;
}

/**
 * Rolling statistics of a key.
 *
 * @example
 * ```ts
 * const stats: KeyStats | undefined = router.getKey(keyId)?.stats;
 * if (stats) console.log(`${stats.successes}/${stats.requests} ok, ${stats.inFlight} in flight, ~${stats.latencyMs} ms`);
 * ```
 */
export interface KeyStats {
  /** Calls sent with this key. */
  requests: number;
  /** Calls that succeeded. */
  successes: number;
  /** Calls that failed. */
  failures: number;
  /** Smoothed latency of successful calls, in ms (undefined before the first). */
  latencyMs?: number;
  /** Epoch ms of the last call. */
  lastUsedAt?: number;
  /** Requests in flight now. */
  inFlight: number;
}

/**
 * What the router tells about a key. Never contains the key material.
 *
 * @example
 * const key = await router.registerKey(process.env.OPENAI_API_KEY!, 'openai', { label: 'prod-1' });
 * key.id;    // 'openai_3f9a1c0b7d2e'
 * key.state; // 'available'
 */
export interface KeyInfo {
  /** Stable id derived from provider and material. */
  id: string;
  /** Provider this key belongs to. */
  providerId: string;
  /** Human-readable name. */
  label: string;
  /** Current state. */
  state: KeyStateName;
  /** Epoch ms since the key is in this state. */
  stateSince: number;
  /** Why it is in this state. */
  stateReason: string;
  /** End of a timed state (throttled, exhausted, failing), epoch ms. */
  until?: number;
  /** Models the key is restricted to, if any. */
  models?: string[];
  /** Declared limits. */
  limits?: DeclaredLimits;
  /** Fairness weight. */
  weight: number;
  /** Tags. */
  tags: Record<string, string>;
  /** The quota group the key shares limits with, if any. */
  quotaGroup?: string;
  /** Rolling statistics. */
  stats: KeyStats;
  /** Epoch ms of registration. */
  createdAt: number;
}
