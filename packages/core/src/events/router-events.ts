import type { Decimal } from 'decimal.js';
import type { ErrorCategory } from '../errors/error-category.js';
import type { ProviderHealthTransition } from '../health/provider-health-types.js';
import type { KeyTransition } from '../keys/key-state.js';
import type { AttemptExplanation } from '../routing/explanation/explanation-types.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';

/**
 * `decision`: a key was chosen (or none could be) for a request.
 *
 * @example
 * ```ts
 * router.on('decision', ({ requestId, explanation }: DecisionEvent) => {
 *   console.log(requestId, explanation.chosenKeyId ?? 'no key', String(explanation));
 * });
 * ```
 */
export interface DecisionEvent {
  requestId: string;
  explanation: RoutingExplanation;
}

/**
 * `attempt`: one provider call finished.
 *
 * @example
 * ```ts
 * router.on('attempt', ({ requestId, attempt }: AttemptEvent) => {
 *   if (attempt.outcome === 'error') console.warn(requestId, attempt.keyId, attempt.category, attempt.message);
 * });
 * ```
 */
export interface AttemptEvent {
  requestId: string;
  attempt: AttemptExplanation;
}

/**
 * `fallback`: the router moved on to a fallback model.
 *
 * @example
 * ```ts
 * router.on('fallback', ({ requestId, fromModel, toModel, reason }: FallbackEvent) => {
 *   console.warn(`${requestId}: ${fromModel} → ${toModel} (${reason})`);
 * });
 * ```
 */
export interface FallbackEvent {
  requestId: string;
  fromModel: string;
  toModel: string;
  reason: string;
}

/**
 * `requestCompleted`: a request ended, with a response or an error.
 *
 * @example
 * ```ts
 * router.on('requestCompleted', (event: RequestCompletedEvent) => {
 *   const cost = event.cost?.toFixed(6) ?? 'n/a';
 *   console.log(event.model, event.ok ? 'ok' : event.errorCategory, `${event.latencyMs} ms`, cost);
 * });
 * ```
 */
export interface RequestCompletedEvent {
  requestId: string;
  ok: boolean;
  model: string;
  keyId?: string;
  providerId?: string;
  latencyMs: number;
  attempts: number;
  cost?: Decimal;
  errorCategory?: ErrorCategory;
}

/**
 * `settlementFailed`: a settlement run in the background (stores with `settlement: 'background'`) failed after
 * its request had been answered. The store's own policy has already acted (a degraded store keeps the spend
 * and writes it later); the hold expires at its deadline otherwise.
 *
 * @example
 * router.on('settlementFailed', (e) => log.warn(`settlement of ${e.keyId} failed: ${e.category}`));
 */
export interface SettlementFailedEvent {
  keyId: string;
  /** The error's category; undefined when the failure was not a `RouterError`. */
  category: ErrorCategory | undefined;
  /** The error's message, scrubbed of key material. */
  message: string;
}

/**
 * Every event the router emits, by name. Quota and budget events are typed by their modules.
 *
 * @example
 * router.on('keyStateChanged', (t) => console.log(t.keyId, t.from, '→', t.to, t.reason));
 */
export interface RouterEventMap<QuotaWarning = unknown, BudgetThreshold = unknown> {
  decision: [DecisionEvent];
  attempt: [AttemptEvent];
  keyStateChanged: [KeyTransition];
  /** A provider circuit opened, went half-open or closed. */
  providerHealthChanged: [ProviderHealthTransition];
  quotaWarning: [QuotaWarning];
  budgetThreshold: [BudgetThreshold];
  fallback: [FallbackEvent];
  requestCompleted: [RequestCompletedEvent];
  settlementFailed: [SettlementFailedEvent];
}
