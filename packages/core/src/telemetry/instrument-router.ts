import { context, metrics, type Span, type Tracer, trace } from '@opentelemetry/api';
import type { Clock } from '../clock/clock.js';
import type { EmbedResponse } from '../embedding/embed-response.js';
import { RouterError } from '../errors/router-error.js';
import type { AttemptEvent, DecisionEvent, RequestCompletedEvent } from '../events/router-events.js';
import type { RouteResponse, RouteStreamChunk } from '../execution/route-response.js';
import type { KeyTransition } from '../keys/key-state.js';
import type { RouteOptions } from '../request/route-options.js';
import type { ObjectiveInput } from '../routing/objective.js';
import { ATTR, type GenAIOperation } from './attribute-names.js';
import {
  newRequestScope,
  type RequestScope,
  recordAttempt,
  requestedModel,
  requestScopes,
  scopeFor,
} from './request-scope.js';
import { endRequestSpan, errorType, type RequestOutcome, startRequestSpan } from './request-span.js';
import { type MetricsSource, RouterMetrics, type Usageish } from './router-metrics.js';
import type { TelemetryOptions } from './telemetry-options.js';

const SCOPE_NAME = '@apikeyrouter/core';
/** Routers already instrumented: a second call must not wrap the methods twice (every span would double). */
const instrumented = new WeakSet<object>();

/**
 * The parts of a router that telemetry observes and wraps (the `ApiKeyRouter` has them all).
 *
 * @example
 * const target: InstrumentableRouter = new ApiKeyRouter();
 */
export interface InstrumentableRouter extends MetricsSource {
  /** The router's clock: every span and duration is timed on it. */
  readonly clock: Clock;
  /** Listens to `decision` events. */
  on(event: 'decision', listener: (event: DecisionEvent) => void): unknown;
  /** Listens to `attempt` events. */
  on(event: 'attempt', listener: (event: AttemptEvent) => void): unknown;
  /** Listens to `requestCompleted` events. */
  on(event: 'requestCompleted', listener: (event: RequestCompletedEvent) => void): unknown;
  /** Listens to `keyStateChanged` events. */
  on(event: 'keyStateChanged', listener: (transition: KeyTransition) => void): unknown;
  /** Routes a request. */
  route(intent: unknown, objective?: ObjectiveInput, options?: RouteOptions): Promise<RouteResponse>;
  /** Streams a request. */
  routeStream(
    intent: unknown,
    objective?: ObjectiveInput,
    options?: RouteOptions,
  ): AsyncGenerator<RouteStreamChunk, void, undefined>;
  /** Embeds texts. */
  embed(intent: unknown, objective?: ObjectiveInput, options?: RouteOptions): Promise<EmbedResponse>;
}

interface Instruments {
  clock: Clock;
  tracer: Tracer;
  metrics: RouterMetrics;
}

function finish(instruments: Instruments, span: Span, scope: RequestScope, outcome: RequestOutcome): void {
  const endedAt = instruments.clock.now();
  endRequestSpan(instruments.tracer, span, scope, outcome, endedAt);
  const attributes =
    outcome.error !== undefined
      ? { [ATTR.errorType]: errorType(outcome.error) }
      : {
          [ATTR.providerName]: outcome.served?.providerId ?? 'unknown',
          [ATTR.responseModel]: outcome.served?.model ?? scope.requestModel,
        };
  instruments.metrics.recordRequest(scope, endedAt, attributes, outcome.usage);
}

/** Runs `call` inside the span's context (so HTTP client spans nest under it) and the telemetry scope. */
function inScope<T>(span: Span, scope: RequestScope, call: () => T): T {
  return context.with(trace.setSpan(context.active(), span), () => requestScopes.run(scope, call));
}

function wrapCall<R extends NonNullable<RequestOutcome['served']> & { usage: Usageish }>(
  instruments: Instruments,
  operation: GenAIOperation,
  original: (intent: unknown, objective?: ObjectiveInput, options?: RouteOptions) => Promise<R>,
  finishReasonOf: (result: R) => string | undefined,
) {
  return async (intent: unknown, objective?: ObjectiveInput, options?: RouteOptions): Promise<R> => {
    const scope = newRequestScope(operation, requestedModel(intent), false, instruments.clock.now());
    const span = startRequestSpan(instruments.tracer, scope);
    try {
      const result = await inScope(span, scope, () => original(intent, objective, options));
      const outcome: RequestOutcome = { served: result, usage: result.usage };
      const finishReason = finishReasonOf(result);
      if (finishReason !== undefined) outcome.finishReason = finishReason;
      finish(instruments, span, scope, outcome);
      return result;
    } catch (error) {
      finish(instruments, span, scope, { error });
      throw error;
    }
  };
}

function wrapStream(instruments: Instruments, original: InstrumentableRouter['routeStream']) {
  return async function* tracedStream(
    intent: unknown,
    objective?: ObjectiveInput,
    options?: RouteOptions,
  ): AsyncGenerator<RouteStreamChunk, void, undefined> {
    const scope = newRequestScope('chat', requestedModel(intent), true, instruments.clock.now());
    const span = startRequestSpan(instruments.tracer, scope);
    const iterator = inScope(span, scope, () => original(intent, objective, options));
    let outcome: RequestOutcome | undefined;
    let firstChunk = true;
    try {
      for (;;) {
        const next = await inScope(span, scope, () => iterator.next());
        if (next.done) break;
        const chunk = next.value;
        if (firstChunk) {
          firstChunk = false;
          instruments.metrics.recordFirstChunk(scope, instruments.clock.now(), {});
        }
        if (chunk.type === 'finish') {
          outcome = { served: chunk, usage: chunk.usage, finishReason: chunk.finishReason };
        }
        yield chunk;
      }
    } catch (error) {
      outcome = { error };
      throw error;
    } finally {
      if (!outcome) {
        // The caller stopped reading: let the router book the partial stream inside the scope, then record it
        // as the aborted request the router reports.
        await inScope(span, scope, () => iterator.return(undefined)).catch(() => undefined);
        const category = scope.completed?.errorCategory ?? 'aborted';
        outcome = { error: new RouterError(category, 'The caller stopped reading the stream') };
      }
      finish(instruments, span, scope, outcome);
    }
  };
}

/**
 * Turns on OpenTelemetry for a router: a CLIENT span per routed call (`chat gpt-4o`, `embeddings …`) with a child
 * span per provider attempt, following the GenAI semantic conventions, and the GenAI client and router metrics.
 * Everything is derived from the router's events and results, timed on its clock; nothing holds key material,
 * prompts or answers. `new ApiKeyRouter({ telemetry })` calls this for you; a second call on the same router is
 * ignored.
 *
 * @example
 * instrumentRouter(router, { tracerProvider, meterProvider });
 */
export function instrumentRouter(router: InstrumentableRouter, options: TelemetryOptions = {}): void {
  if (instrumented.has(router)) return;
  instrumented.add(router);
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE_NAME);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE_NAME);
  const instruments: Instruments = { clock: router.clock, tracer, metrics: new RouterMetrics(meter, router) };
  router.on('decision', (event) => {
    const scope = scopeFor(event.requestId);
    if (scope) scope.decision = event.explanation;
  });
  router.on('attempt', (event) => {
    instruments.metrics.onAttempt(event);
    const scope = scopeFor(event.requestId);
    if (scope) recordAttempt(scope, event, router.clock.now());
  });
  router.on('requestCompleted', (event) => {
    instruments.metrics.onCompleted(event);
    const scope = scopeFor(event.requestId);
    if (scope) scope.completed = event;
  });
  router.on('keyStateChanged', (transition) => instruments.metrics.onStateChanged(transition));
  router.route = wrapCall(instruments, 'chat', router.route.bind(router), (r) => r.finishReason);
  router.embed = wrapCall(instruments, 'embeddings', router.embed.bind(router), () => undefined);
  router.routeStream = wrapStream(instruments, router.routeStream.bind(router));
}
