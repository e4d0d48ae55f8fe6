import {
  type Attributes,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { RouterError } from '../errors/router-error.js';
import type { ServedRequest } from '../execution/route-response.js';
import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';
import { ATTR } from './attribute-names.js';
import { explanationAttributes } from './explanation-attributes.js';
import type { ObservedAttempt, RequestScope } from './request-scope.js';
import { hrTimeOf } from './span-time.js';

/**
 * How a call ended, as far as its span cares.
 *
 * @example
 * const outcome: RequestOutcome = { error: new RouterError('timeout', 'deadline passed') };
 */
export interface RequestOutcome {
  /** The served request (chat, stream finish chunk or embeddings), on success. */
  served?: Pick<ServedRequest, 'model' | 'providerId' | 'requestId' | 'cost' | 'attempts' | 'explanation'>;
  /** Tokens used, on success. */
  usage?: { inputTokens: number; outputTokens?: number };
  /** Why generation stopped (chat only). */
  finishReason?: string;
  /** What was thrown, on failure. */
  error?: unknown;
}

/**
 * The low-cardinality `error.type` of anything a router call throws: the RouterError category, else `_OTHER`.
 *
 * @example
 * errorType(new RouterError('rate_limit', 'slow down')); // 'rate_limit'
 */
export function errorType(error: unknown): string {
  return RouterError.isInstance(error) ? error.category : '_OTHER';
}

/**
 * Starts the span of one routed call, as a child of the active context, at the call's clock instant.
 *
 * @example
 * const span = startRequestSpan(tracer, scope);
 */
export function startRequestSpan(tracer: Tracer, scope: RequestScope): Span {
  return tracer.startSpan(
    `${scope.operation} ${scope.requestModel}`,
    {
      kind: SpanKind.CLIENT,
      startTime: hrTimeOf(scope.startedAt),
      attributes: {
        [ATTR.operationName]: scope.operation,
        [ATTR.requestModel]: scope.requestModel,
        [ATTR.stream]: scope.stream,
      },
    },
    context.active(),
  );
}

function attemptSpan(tracer: Tracer, parent: Span, scope: RequestScope, observed: ObservedAttempt): void {
  const { attempt, endedAt } = observed;
  const attributes: Attributes = {
    [ATTR.operationName]: scope.operation,
    [ATTR.providerName]: attempt.providerId,
    [ATTR.requestModel]: attempt.model,
    [ATTR.keyId]: attempt.keyId,
    [ATTR.attempt]: attempt.attempt,
    [ATTR.waitedMs]: attempt.waitedMs,
  };
  if (attempt.outcome === 'error') attributes[ATTR.errorType] = attempt.category ?? '_OTHER';
  const span = tracer.startSpan(
    `${scope.operation} ${attempt.model}`,
    { kind: SpanKind.CLIENT, startTime: hrTimeOf(endedAt - attempt.latencyMs), attributes },
    trace.setSpan(context.active(), parent),
  );
  if (attempt.outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.category });
  span.end(hrTimeOf(endedAt));
}

function servedAttributes(outcome: RequestOutcome): Attributes {
  const attributes: Attributes = {};
  const served = outcome.served;
  if (served) {
    attributes[ATTR.providerName] = served.providerId;
    attributes[ATTR.responseModel] = served.model;
    attributes[ATTR.attempts] = served.attempts;
    attributes[ATTR.cost] = served.cost.amount.toString();
    attributes[ATTR.costCurrency] = served.cost.currency;
    attributes[ATTR.costKnown] = served.cost.known;
  }
  if (outcome.usage) {
    attributes[ATTR.inputTokens] = outcome.usage.inputTokens;
    if (outcome.usage.outputTokens !== undefined) attributes[ATTR.outputTokens] = outcome.usage.outputTokens;
  }
  if (outcome.finishReason !== undefined) attributes[ATTR.finishReasons] = [outcome.finishReason];
  return attributes;
}

function explanationOf(outcome: RequestOutcome, scope: RequestScope): RoutingExplanation | undefined {
  if (outcome.served) return outcome.served.explanation;
  if (RouterError.isInstance(outcome.error) && outcome.error.explanation) return outcome.error.explanation;
  return scope.decision;
}

/**
 * Ends a call's span at `endedAt`: decision attributes, one child span per attempt (timed from the attempt
 * events), usage and cost on success, `error.type` and an error status on failure.
 *
 * @example
 * endRequestSpan(tracer, span, scope, { served: res, usage: res.usage, finishReason: res.finishReason }, clock.now());
 */
export function endRequestSpan(
  tracer: Tracer,
  span: Span,
  scope: RequestScope,
  outcome: RequestOutcome,
  endedAt: number,
): void {
  const explanation = explanationOf(outcome, scope);
  if (explanation) span.setAttributes(explanationAttributes(explanation));
  const requestId = outcome.served?.requestId ?? scope.requestId ?? explanation?.requestId;
  if (requestId !== undefined) span.setAttribute(ATTR.requestId, requestId);
  for (const observed of scope.attempts) attemptSpan(tracer, span, scope, observed);
  const completed = scope.completed;
  if (completed?.keyId !== undefined) span.setAttribute(ATTR.keyId, completed.keyId);
  if (completed?.providerId !== undefined) span.setAttribute(ATTR.providerName, completed.providerId);
  if (completed) span.setAttribute(ATTR.attempts, completed.attempts);
  span.setAttributes(servedAttributes(outcome));
  if (outcome.error !== undefined) {
    const type = errorType(outcome.error);
    span.setAttribute(ATTR.errorType, type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  }
  span.end(hrTimeOf(endedAt));
}
