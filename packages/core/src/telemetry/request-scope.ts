import { AsyncLocalStorage } from 'node:async_hooks';
import type { AttemptEvent, RequestCompletedEvent } from '../events/router-events.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import type { GenAIOperation } from './attribute-names.js';

/** Most attempts kept per request; the router's own `maxAttempts` is far lower, this only bounds a misuse. */
const MAX_ATTEMPTS_KEPT = 64;

/**
 * One attempt as seen by telemetry: the router's event and the clock instant it arrived.
 *
 * @example
 * scope.attempts.push({ attempt: event.attempt, endedAt: clock.now() });
 */
export interface ObservedAttempt {
  /** The attempt's explanation (no key material). */
  attempt: AttemptEvent['attempt'];
  /** Epoch ms when the attempt ended (router clock). */
  endedAt: number;
}

/**
 * What telemetry learns about one `route()`, `routeStream()` or `embed()` call while it runs. The router's events
 * fire inside the call's async context, so listeners find the scope of the call they belong to without any
 * change to the execution code and without an OpenTelemetry context manager.
 *
 * @example
 * const scope = newRequestScope('chat', 'gpt-4o-mini', false, clock.now());
 * await requestScopes.run(scope, () => router.route(intent));
 */
export interface RequestScope {
  operation: GenAIOperation;
  requestModel: string;
  stream: boolean;
  startedAt: number;
  requestId?: string;
  decision?: RoutingExplanation;
  attempts: ObservedAttempt[];
  completed?: RequestCompletedEvent;
}

/**
 * A fresh scope for a call.
 *
 * @example
 * newRequestScope('embeddings', 'text-embedding-3-small', false, clock.now());
 */
export function newRequestScope(
  operation: GenAIOperation,
  requestModel: string,
  stream: boolean,
  startedAt: number,
): RequestScope {
  return { operation, requestModel, stream, startedAt, attempts: [] };
}

/**
 * The scope of the call currently running, if any.
 *
 * @example
 * requestScopes.getStore()?.attempts.length;
 */
export const requestScopes = new AsyncLocalStorage<RequestScope>();

/**
 * The scope an event with `requestId` belongs to: the current one, pinned to the first request id it sees (an
 * event listener that routes another request from inside a listener must not mix the two).
 *
 * @example
 * const scope = scopeFor(event.requestId);
 */
export function scopeFor(requestId: string): RequestScope | undefined {
  const scope = requestScopes.getStore();
  if (!scope) return undefined;
  scope.requestId ??= requestId;
  return scope.requestId === requestId ? scope : undefined;
}

/**
 * Records an attempt in its scope, bounded.
 *
 * @example
 * recordAttempt(scope, event, clock.now());
 */
export function recordAttempt(scope: RequestScope, event: AttemptEvent, endedAt: number): void {
  if (scope.attempts.length < MAX_ATTEMPTS_KEPT) scope.attempts.push({ attempt: event.attempt, endedAt });
}

/**
 * The model named by an untrusted intent, read without throwing (validation happens in the router).
 *
 * @example
 * requestedModel({ model: 'gpt-4o' }); // 'gpt-4o'
 */
export function requestedModel(intent: unknown): string {
  try {
    const model = (intent as { model?: unknown } | null)?.model;
    return typeof model === 'string' && model.length <= 256 ? model : 'unknown';
  } catch {
    return 'unknown';
  }
}
