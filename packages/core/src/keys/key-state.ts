import type { KeyStateName } from './key-state-table.js';

export type { KeyStateName } from './key-state-table.js';
export { isRoutableState } from './key-state-table.js';

/**
 * What drove a transition.
 *
 * @example
 * ```ts
 * router.on('keyStateChanged', (transition) => {
 *   const trigger: KeyTrigger = transition.trigger;
 *   if (trigger === 'auth_failure') console.error(`key ${transition.keyId} was rejected: ${transition.reason}`);
 * });
 * ```
 */
export type KeyTrigger =
  | 'success'
  | 'failure'
  | 'rate_limit'
  | 'quota_exhausted'
  | 'auth_failure'
  | 'timer'
  | 'operator'
  | 'rotation'
  | 'restore';

/**
 * Data the state machine keeps per key. Timed exits are instants, so they survive a snapshot restore.
 *
 * @example
 * ```ts
 * for (const key of router.snapshot().keys) {
 *   const context: KeyMachineContext = key.context;
 *   console.log(key.label, key.state, context.consecutiveFailures, context.until, context.reason);
 * }
 * ```
 */
export interface KeyMachineContext {
  /** Failures in a row (5xx, timeouts, network) since the last success. */
  consecutiveFailures: number;
  /** How many times the circuit opened in a row; grows the cool-down. */
  openCount: number;
  /** Epoch ms when a timed state (throttled, exhausted, failing) ends. */
  until?: number;
  /** Why the key is in its state. */
  reason: string;
}

/**
 * One recorded transition.
 *
 * @example
 * ```ts
 * const history: KeyTransition[] = router.getKeyHistory(keyId);
 * for (const t of history) console.log(new Date(t.at).toISOString(), `${t.from} → ${t.to}`, t.trigger, t.reason);
 * ```
 */
export interface KeyTransition {
  /** Key id. */
  keyId: string;
  /** State before. */
  from: KeyStateName;
  /** State after. */
  to: KeyStateName;
  /** What drove it. */
  trigger: KeyTrigger;
  /** Human-readable reason (redacted). */
  reason: string;
  /** Epoch ms of the transition. */
  at: number;
  /** End of the new state, for timed states. */
  until?: number;
}

/**
 * Tunables of the key state machine.
 *
 * @example
 * ```ts
 * const keyMachine: Partial<KeyMachineOptions> = { failureThreshold: 5, baseCooldownMs: 10_000, maxCooldownMs: 120_000 };
 * const router = new ApiKeyRouter({ keyMachine });
 * ```
 */
export interface KeyMachineOptions {
  /** Consecutive failures that open the circuit. Default 3. */
  failureThreshold: number;
  /** First cool-down of an open circuit, in ms. Doubles per re-open. Default 30 s. */
  baseCooldownMs: number;
  /** Longest cool-down, in ms. Default 5 min. */
  maxCooldownMs: number;
  /** Throttle length when a 429 carries no wait hint, in ms. Default 1 s. */
  defaultThrottleMs: number;
}

/** Defaults of {@link KeyMachineOptions}. */
export const DEFAULT_KEY_MACHINE_OPTIONS: KeyMachineOptions = {
  failureThreshold: 3,
  baseCooldownMs: 30_000,
  maxCooldownMs: 300_000,
  defaultThrottleMs: 1_000,
};
