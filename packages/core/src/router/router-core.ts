import type { EventEmitter } from 'eventemitter3';
import type { ProviderAdapter } from '../adapter/provider-adapter.js';
import type { AdmissionQueue } from '../admission/admission-queue.js';
import type { PromptAffinity } from '../affinity/prompt-affinity.js';
import type { BudgetThresholdEvent, CostController } from '../budget/index.js';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../events/logger.js';
import type { RouterEventMap } from '../events/router-events.js';
import type { Settlements } from '../execution/settlements.js';
import type { ProviderHealth } from '../health/provider-health.js';
import type { KeyRegistry } from '../keys/key-registry.js';
import type { Redactor } from '../keys/redactor.js';
import type { QuotaAwarenessEngine, QuotaWarningEvent } from '../quota/index.js';
import type { ModelQuality } from '../routing/model-quality.js';
import type { ResolvedObjective } from '../routing/objective.js';
import type { StoreAvailability } from '../store/store-availability.js';

/**
 * The router's events with their payloads.
 *
 * @example
 * ```ts
 * // The payload tuple of each event, e.g. to type a forwarding helper.
 * function forward<E extends keyof RouterEvents>(event: E, send: (...args: RouterEvents[E]) => void): void {
 *   router.on(event, send);
 * }
 * forward('requestCompleted', (e) => console.log(e.requestId, e.ok));
 * ```
 */
export type RouterEvents = RouterEventMap<QuotaWarningEvent, BudgetThresholdEvent>;

/** Resolved router-wide settings. */
export interface ResolvedDefaults {
  /** Resolved once at construction: validated, and no per-request work. */
  objective: ResolvedObjective;
  maxAttempts: number;
  deadlineMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxQueued: number;
  defaultOutputTokens: number;
  /** How long a 429 without any wait hint throttles a key. */
  defaultThrottleMs: number;
}

/** The router's parts, shared by the execution functions. Internal. */
export interface RouterCore {
  clock: Clock;
  registry: KeyRegistry;
  providers: Map<string, ProviderAdapter>;
  quota: QuotaAwarenessEngine;
  costs: CostController;
  quality: ModelQuality;
  emitter: EventEmitter<RouterEvents>;
  redactor: Redactor;
  logger: Logger | undefined;
  defaults: ResolvedDefaults;
  /** Requests waiting for a key with room: the admission queue. */
  admission: AdmissionQueue;
  /** Prompt-cache affinity: which key last served each prefix. */
  affinity: PromptAffinity;
  /** Provider-level circuits (5xx/529/overload across keys). */
  health: ProviderHealth;
  /** Id derived from rotated-in material → the key's stable id, so re-registering it finds the same key. */
  aliases: Map<string, string>;
  /** Settlements run after their request was answered (stores with `settlement: 'background'`), else undefined. */
  settlements: Settlements | undefined;
  /** Stores not answering from their shared backing now (degraded or failing); usually empty. */
  degradedStores(): StoreAvailability[];
}
