import { randomUUID } from 'node:crypto';
import type { BudgetRefusal } from '../budget/index.js';
import { RouterError } from '../errors/router-error.js';
import type { UsageEstimate } from '../estimate/estimate-usage.js';
import type { RouterCore } from '../router/router-core.js';
import type { AttemptExplanation, ExclusionCode } from '../routing/explanation/explanation-types.js';
import type { CapabilityNeed } from '../routing/intent-needs.js';
import type { ResolvedObjective } from '../routing/objective.js';
import { RequestLifetime } from './request-lifetime.js';
import type { RouteOptions } from './route-options.js';

/** What the attempt loop reads from any intent, chat or embeddings. */
export interface RoutableIntent {
  model: string;
  providerId?: string | undefined;
  fallbackModels?: string[] | undefined;
  tags?: Record<string, string> | undefined;
  deadlineMs?: number | undefined;
  priority?: 'interactive' | 'batch' | undefined;
}

/** What a request needs from a provider and how much it will use: the intent kind decides both. */
export interface RequestShape {
  estimate: UsageEstimate;
  needs: CapabilityNeed[];
}

/** A key ruled out for one request, for one model (`model`) or all. */
export interface Exclusion {
  code: ExclusionCode;
  detail: string;
  retryAt?: number;
  model?: string;
  /** A hard budget's refusal at reservation time, reported when every key ends up excluded by budget. */
  refusal?: BudgetRefusal;
}

/** A validated request with its lifetime and bookkeeping. Internal. */
export interface PreparedRequest<I extends RoutableIntent = RoutableIntent> extends RequestShape {
  requestId: string;
  intent: I;
  objective: ResolvedObjective;
  startedAt: number;
  maxAttempts: number;
  /** Deadline, caller abort, and the promise provider calls race against. */
  lifetime: RequestLifetime;
  /** Models to try in order; may grow (downgrade budgets). */
  chain: string[];
  attempts: AttemptExplanation[];
  excluded: Map<string, Exclusion>;
  /** Prompt-cache affinity digest, when the request has affinity. */
  affinity: string | undefined;
}

/**
 * Sets up a validated request: its id, deadline and abort signal, shape and model chain. `flight` replaces
 * the per-request deadline timer for a shared idempotent call, whose callers each keep their own.
 * Throws an `aborted` RouterError when the caller's signal has already fired.
 *
 * @example
 * const request = prepareRequest(core, intent, { estimate, needs }, objective, options);
 */
export function prepareRequest<I extends RoutableIntent>(
  core: RouterCore,
  intent: I,
  shape: RequestShape,
  objective: ResolvedObjective,
  options: RouteOptions,
  flight?: { signal: AbortSignal; deadline: number },
): PreparedRequest<I> {
  if (options.signal?.aborted) throw new RouterError('aborted', 'The request was aborted before it started');
  const startedAt = core.clock.now();
  const lifetime = flight
    ? new RequestLifetime(core.clock, flight.deadline, flight.signal, false)
    : new RequestLifetime(
        core.clock,
        startedAt + (options.deadlineMs ?? intent.deadlineMs ?? core.defaults.deadlineMs),
        options.signal,
      );
  return {
    requestId: `req_${randomUUID()}`,
    intent,
    objective,
    estimate: shape.estimate,
    needs: shape.needs,
    startedAt,
    maxAttempts: options.maxAttempts ?? core.defaults.maxAttempts,
    lifetime,
    chain: [intent.model, ...(intent.fallbackModels ?? [])],
    attempts: [],
    excluded: new Map(),
    affinity: core.affinity.digestOf(intent),
  };
}
