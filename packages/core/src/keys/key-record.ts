import type { DeclaredLimits } from '../quota/index.js';
import type { KeyInfo } from './key-info.js';
import type { KeyMachineContext, KeyStateName, KeyTransition } from './key-state.js';
import type { Secret } from './secret.js';

const LATENCY_ALPHA = 0.2;
const RELIABILITY_ALPHA = 0.1;

/**
 * The router's mutable record of one key. Internal: callers see {@link KeyInfo}. Kept compact (no per-key
 * closures or actors) because a router may hold 10,000 keys.
 */
export class KeyRecord {
  readonly id: string;
  readonly providerId: string;
  label: string;
  secret: Secret;
  models: readonly string[] | undefined;
  limits: DeclaredLimits | undefined;
  weight: number;
  tags: Record<string, string>;
  /** The quota group the key shares limits with (kept by the quota engine; here for `toInfo`). */
  quotaGroup: string | undefined;
  readonly createdAt: number;

  state: KeyStateName = 'available';
  context: KeyMachineContext = { consecutiveFailures: 0, openCount: 0, reason: 'registered' };
  stateSince: number;
  version = 0;
  history: KeyTransition[] | undefined;

  inFlight = 0;
  requests = 0;
  successes = 0;
  failures = 0;
  latencyMs: number | undefined;
  /** Smoothed success rate, starting optimistic. */
  reliability = 1;
  lastUsedAt: number | undefined;
  /** Requests routed here, each weighted by the fairness scale at the time (see {@link FairnessScale}). */
  served = 0;
  /**
   * Bumped whenever something a routing decision reads changes (state, context, statistics, fairness load):
   * facts a group remembers about a used key (see `UsedFacts`) hold only at the stamp they were taken at.
   */
  stamp = 0;

  /** Material waiting to replace `secret` once in-flight requests finish. */
  pendingSecret: Secret | undefined;
  /** Resolvers waiting for the key to drain. */
  drainWaiters: Array<() => void> | undefined;
  removing = false;

  constructor(init: {
    id: string;
    providerId: string;
    label: string;
    secret: Secret;
    models?: readonly string[];
    limits?: DeclaredLimits;
    weight: number;
    tags: Record<string, string>;
    quotaGroup?: string;
    now: number;
  }) {
    this.id = init.id;
    this.providerId = init.providerId;
    this.label = init.label;
    this.secret = init.secret;
    this.models = init.models;
    this.limits = init.limits;
    this.weight = init.weight;
    this.tags = init.tags;
    this.quotaGroup = init.quotaGroup;
    this.createdAt = init.now;
    this.stateSince = init.now;
  }

  /**
   * Fairness load in scale units: recent requests per weight. Comparable across keys at the same instant
   * (all share one scale), which is all the min-max normalised fairness scorer needs.
   */
  fairnessLoad(): number {
    return this.served / this.weight;
  }

  /** Updates rolling statistics after a call. */
  recordOutcome(success: boolean, latencyMs: number, now: number): void {
    this.stamp++;
    this.requests++;
    this.lastUsedAt = now;
    if (success) {
      this.successes++;
      this.latencyMs =
        this.latencyMs === undefined
          ? latencyMs
          : this.latencyMs + LATENCY_ALPHA * (latencyMs - this.latencyMs);
    } else {
      this.failures++;
    }
    this.reliability += RELIABILITY_ALPHA * ((success ? 1 : 0) - this.reliability);
  }

  /** The public view (never the material). */
  toInfo(): KeyInfo {
    const info: KeyInfo = {
      id: this.id,
      providerId: this.providerId,
      label: this.label,
      state: this.state,
      stateSince: this.stateSince,
      stateReason: this.context.reason,
      weight: this.weight,
      tags: { ...this.tags },
      stats: {
        requests: this.requests,
        successes: this.successes,
        failures: this.failures,
        inFlight: this.inFlight,
      },
      createdAt: this.createdAt,
    };
    if (this.context.until !== undefined) info.until = this.context.until;
    if (this.models) info.models = [...this.models];
    if (this.limits) info.limits = { ...this.limits };
    if (this.quotaGroup !== undefined) info.quotaGroup = this.quotaGroup;
    if (this.latencyMs !== undefined) info.stats.latencyMs = Math.round(this.latencyMs * 10) / 10;
    if (this.lastUsedAt !== undefined) info.stats.lastUsedAt = this.lastUsedAt;
    return info;
  }
}
