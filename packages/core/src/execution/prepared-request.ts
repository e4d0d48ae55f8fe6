import { randomUUID } from 'node:crypto';
import type { TimerHandle } from '../clock/clock.js';
import { RouterError } from '../errors/router-error.js';
import { ValidationError } from '../errors/specific-errors.js';
import { estimateUsage, type UsageEstimate } from '../estimate/estimate-usage.js';
import type { RequestIntent } from '../intent/intent-schema.js';
import { parseIntent } from '../intent/parse-intent.js';
import type { RouterCore } from '../router/router-core.js';
import type { AttemptExplanation, ExclusionCode } from '../routing/explanation/explanation-types.js';
import { type CapabilityNeed, capabilityNeeds } from '../routing/intent-needs.js';
import { type ResolvedObjective, resolveObjective } from '../routing/objective.js';

/** Per-call options of `route()` and `routeStream()`. */
export interface RouteOptions {
  /** Cancels the request; it then fails with category `aborted`. */
  signal?: AbortSignal;
  /** Time budget for this request in ms (overrides the intent's and the router default). */
  deadlineMs?: number;
  /** Most provider calls for this request. */
  maxAttempts?: number;
}

/** A validated request with its deadline, signal and bookkeeping. Internal. */
export interface PreparedRequest {
  requestId: string;
  intent: RequestIntent;
  objective: ResolvedObjective;
  estimate: UsageEstimate;
  needs: CapabilityNeed[];
  startedAt: number;
  deadline: number;
  maxAttempts: number;
  /** Aborts on caller abort or deadline. */
  signal: AbortSignal;
  /** Rejects with the abort reason when `signal` fires; races provider calls (never resolves). */
  aborted: Promise<never>;
  callerSignal: AbortSignal | undefined;
  /** Models to try in order; may grow (downgrade budgets). */
  chain: string[];
  attempts: AttemptExplanation[];
  /** Keys ruled out for this request, for one model (`model`) or all. */
  excluded: Map<string, { code: ExclusionCode; detail: string; retryAt?: number; model?: string }>;
  /** Stops the deadline timer. */
  dispose(): void;
}

const optionsKeys = new Set(['signal', 'deadlineMs', 'maxAttempts']);

function validateOptions(options: unknown): RouteOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('Route options must be an object', [
      { path: 'options', message: 'not an object' },
    ]);
  }
  const issues = [];
  for (const key of Object.keys(options)) {
    if (!optionsKeys.has(key)) issues.push({ path: `options.${key}`, message: 'unknown option' });
  }
  const { signal, deadlineMs, maxAttempts } = options as Record<string, unknown>;
  if (signal !== undefined && !(signal instanceof AbortSignal))
    issues.push({ path: 'options.signal', message: 'must be an AbortSignal' });
  if (
    deadlineMs !== undefined &&
    !(typeof deadlineMs === 'number' && deadlineMs > 0 && Number.isFinite(deadlineMs))
  ) {
    issues.push({ path: 'options.deadlineMs', message: 'must be a positive number' });
  }
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && (maxAttempts as number) >= 1)) {
    issues.push({ path: 'options.maxAttempts', message: 'must be an integer ≥ 1' });
  }
  if (issues.length > 0) throw new ValidationError(`Invalid route options (${issues[0]?.path})`, issues);
  return options as RouteOptions;
}

/**
 * Validates the intent, objective and options and sets up the request's deadline and abort signal.
 * Throws ValidationError for bad input and an `aborted` RouterError when the signal is already aborted.
 */
export function prepareRequest(
  core: RouterCore,
  input: unknown,
  objectiveInput: unknown,
  optionsInput: unknown,
  stream: boolean,
): PreparedRequest {
  const intent = parseIntent(input);
  const objective = resolveObjective(objectiveInput ?? core.defaults.objective);
  const options = validateOptions(optionsInput);
  if (options.signal?.aborted) throw new RouterError('aborted', 'The request was aborted before it started');
  const startedAt = core.clock.now();
  const deadline = startedAt + (options.deadlineMs ?? intent.deadlineMs ?? core.defaults.deadlineMs);
  const controller = new AbortController();
  const onAbort = () => controller.abort(new RouterError('aborted', 'The request was aborted'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer: TimerHandle = core.clock.setTimeout(
    () => controller.abort(new RouterError('timeout', 'The request deadline passed')),
    deadline - startedAt,
  );
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  return {
    aborted,
    requestId: `req_${randomUUID()}`,
    intent,
    objective,
    estimate: estimateUsage(intent, { defaultOutputTokens: core.defaults.defaultOutputTokens }),
    needs: capabilityNeeds(intent, stream),
    startedAt,
    deadline,
    maxAttempts: options.maxAttempts ?? core.defaults.maxAttempts,
    signal: controller.signal,
    callerSignal: options.signal,
    chain: [intent.model, ...(intent.fallbackModels ?? [])],
    attempts: [],
    excluded: new Map(),
    dispose() {
      core.clock.clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** The error to end a request with once its signal fired: the caller's abort or the deadline. */
export function abortError(request: PreparedRequest): RouterError {
  const reason: unknown = request.signal.reason;
  if (RouterError.isInstance(reason)) return new RouterError(reason.category, reason.message);
  return new RouterError('aborted', 'The request was aborted');
}
