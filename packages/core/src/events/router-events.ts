import type { Decimal } from 'decimal.js';
import type { ErrorCategory } from '../errors/error-category.js';
import type { ProviderHealthTransition } from '../health/provider-health-types.js';
import type { KeyTransition } from '../keys/key-state.js';
import type { AttemptExplanation } from '../routing/explanation/explanation-types.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';

/** `decision`: a key was chosen (or none could be) for a request. */
export interface DecisionEvent {
  requestId: string;
  explanation: RoutingExplanation;
}

/** `attempt`: one provider call finished. */
export interface AttemptEvent {
  requestId: string;
  attempt: AttemptExplanation;
}

/** `fallback`: the router moved on to a fallback model. */
export interface FallbackEvent {
  requestId: string;
  fromModel: string;
  toModel: string;
  reason: string;
}

/** `requestCompleted`: a request ended, with a response or an error. */
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

/** A log line from the router; `data` never holds key material. */
export interface LogEvent {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  data?: Record<string, unknown>;
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
}
