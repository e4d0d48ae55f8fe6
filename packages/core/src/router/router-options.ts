import type { AdmissionOptions } from '../admission/admission-options.js';
import type { AffinityOptions } from '../affinity/affinity-options.js';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../events/logger.js';
import type { ProviderHealthOptions } from '../health/provider-health-options.js';
import type { KeyMachineOptions } from '../keys/key-state.js';
import type { ObjectiveInput } from '../routing/objective.js';
import type { KeyStore } from '../store/key-store.js';
import type { RouterStores } from '../store/router-stores.js';
import type { TelemetryOptions } from '../telemetry/telemetry-options.js';

/**
 * Back-off between attempts on the same key when no other key can take the request.
 *
 * @example
 * ```ts
 * const retry: RetryOptions = { baseDelayMs: 250, maxDelayMs: 4_000 };
 * const router = new ApiKeyRouter({ defaults: { retry } });
 * ```
 */
export interface RetryOptions {
  /** First back-off in ms. Default 500. */
  baseDelayMs?: number;
  /** Longest back-off in ms. Default 8,000. */
  maxDelayMs?: number;
}

/**
 * Router-wide defaults, each overridable per request where it makes sense.
 *
 * @example
 * ```ts
 * const defaults: RouterDefaults = { objective: 'cost', maxAttempts: 3, deadlineMs: 30_000, maxQueued: 500 };
 * const router = new ApiKeyRouter({ defaults });
 * ```
 */
export interface RouterDefaults {
  /** Objective when `route()` gets none. Default `balanced`. */
  objective?: ObjectiveInput;
  /** Most provider calls per request, across keys and fallback models. Default 5. */
  maxAttempts?: number;
  /** Time budget per request, in ms (1 … 2^31 − 1), waits and streams included. Default 120,000. */
  deadlineMs?: number;
  /** Back-off settings. */
  retry?: RetryOptions;
  /**
   * Requests allowed to wait for a saturated key at once (the admission queue's bound); beyond that they are
   * refused at once with an `AdmissionRefusedError` (reason `queue_full`), except that an `interactive`
   * request takes the place of the newest waiting `batch` one. Default 1,000.
   */
  maxQueued?: number;
  /** Output tokens assumed when an intent sets no `maxTokens`. Default 1,024. */
  defaultOutputTokens?: number;
  /** Requests in flight per key whose limits are still unknown. Default 2. */
  cautiousConcurrency?: number;
}

/**
 * Options of `new ApiKeyRouter()`.
 *
 * @example
 * const router = new ApiKeyRouter({ clock: new VirtualClock(), defaults: { objective: 'cost', maxAttempts: 3 } });
 */
export interface RouterOptions {
  /**
   * Where mutable shared state lives: key states, quota counters, budgets and spend. Each store defaults to
   * its in-memory implementation.
   */
  stores?: RouterStores;
  /** @deprecated Use `stores.keys`; ignored when `stores.keys` is set. */
  store?: KeyStore;
  /** Source of time. Default: the system clock. */
  clock?: Clock;
  /** Where log lines go (never with key material). Default: nowhere. */
  logger?: Logger;
  /** Request defaults. */
  defaults?: RouterDefaults;
  /** Key state machine tunables (failure threshold, cool-downs). */
  keyMachine?: Partial<KeyMachineOptions>;
  /**
   * OpenTelemetry spans and metrics (see docs/observability.md). `true` uses the global providers, which stay
   * no-ops until the application registers an SDK. Default: off.
   */
  telemetry?: boolean | TelemetryOptions;
  /** The `idempotencyKey` replay cache. */
  idempotency?: IdempotencyOptions;
  /** Admission control for requests waiting for quota: wait limits per priority, fairness groups. */
  admission?: AdmissionOptions;
  /**
   * Provider-level circuits: when 5xx/529/overload failures come from several keys of one provider, its keys
   * are skipped until one probe succeeds (see docs/routing.md). `false` turns them off. Default: on, with
   * `PROVIDER_HEALTH_DEFAULTS`.
   */
  providerHealth?: ProviderHealthOptions | false;
  /**
   * Prompt-cache affinity: requests sharing a prefix (`intent.affinityKey`, or one derived from the prompt
   * with `derive`) stay on the key that served it while it has headroom (see docs/routing.md).
   */
  affinity?: AffinityOptions;
}

/**
 * Bounds of the `idempotencyKey` replay cache.
 *
 * @example
 * new ApiKeyRouter({ idempotency: { ttlMs: 60_000, maxBytes: 16 * 1024 * 1024 } });
 */
export interface IdempotencyOptions {
  /** How long an answered request is replayed, in ms. Default 600,000 (10 minutes). */
  ttlMs?: number;
  /**
   * Most memory the cache holds, in bytes (responses counted as UTF-16 JSON text). Least recently used
   * entries go first; a response larger than this is not kept. Default 64 MiB.
   */
  maxBytes?: number;
}
