import { ValidationError, type ValidationIssueInput } from '../errors/specific-errors.js';
import { MAX_DEADLINE_MS } from '../intent/deadline.js';

/**
 * Who serves a stream, as soon as it is known: a provider stream opened and produced its first part, before
 * that part reaches the caller (failover is over). An HTTP gateway sends these as response headers. Never
 * key material: the key by its id.
 *
 * @example
 * const open: StreamOpen = { requestId: 'req_…', providerId: 'openai', keyId: 'openai_3f9a1c0b7d2e', model: 'gpt-4o-mini', attempts: 1 };
 */
export interface StreamOpen {
  /** The request's id, as in the finish chunk. @example 'req_0b6f…' */
  requestId: string;
  /** Provider of the serving key. @example 'openai' */
  providerId: string;
  /** Id of the serving key. @example 'openai_3f9a1c0b7d2e' */
  keyId: string;
  /** Model the request was sent as (the finish chunk names the model the provider reports). @example 'gpt-4o-mini' */
  model: string;
  /** Provider calls so far, this one included. @example 2 */
  attempts: number;
}

/**
 * Per-call options of `route()`, `routeStream()` and `embed()`.
 *
 * @example
 * await router.route(intent, 'cost', { signal: controller.signal, deadlineMs: 10_000, maxAttempts: 3 });
 */
export interface RouteOptions {
  /** Cancels the request; it then fails with category `aborted`. */
  signal?: AbortSignal;
  /** Time budget for this request in ms, 1 … 2^31 − 1 (overrides the intent's and the router default). */
  deadlineMs?: number;
  /** Most provider calls for this request, an integer ≥ 1. */
  maxAttempts?: number;
  /**
   * `routeStream()` only: called once with the serving key when the stream has opened, before its first chunk
   * is yielded. An exception it throws is logged and ignored.
   */
  onStreamOpen?: (open: StreamOpen) => void;
}

const NO_OPTIONS: RouteOptions = Object.freeze({});
const KNOWN = new Set(['signal', 'deadlineMs', 'maxAttempts', 'onStreamOpen']);

function readOptions(options: object, issues: ValidationIssueInput[]): RouteOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key))
      issues.push({ code: 'unrecognized_keys', path: `options.${key}`, message: 'unknown option' });
  }
  const { signal, deadlineMs, maxAttempts, onStreamOpen } = options as Record<string, unknown>;
  if (onStreamOpen !== undefined && typeof onStreamOpen !== 'function')
    issues.push({ code: 'invalid_type', path: 'options.onStreamOpen', message: 'must be a function' });
  if (signal !== undefined && !(signal instanceof AbortSignal))
    issues.push({ code: 'invalid_type', path: 'options.signal', message: 'must be an AbortSignal' });
  if (
    deadlineMs !== undefined &&
    !(Number.isInteger(deadlineMs) && (deadlineMs as number) > 0 && (deadlineMs as number) <= MAX_DEADLINE_MS)
  ) {
    issues.push({
      code: 'invalid_value',
      path: 'options.deadlineMs',
      message: `must be an integer from 1 to ${MAX_DEADLINE_MS}`,
    });
  }
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && (maxAttempts as number) >= 1)) {
    issues.push({ code: 'invalid_value', path: 'options.maxAttempts', message: 'must be an integer ≥ 1' });
  }
  // A copy, so a getter cannot answer differently when the request reads the options again.
  const copy: RouteOptions = {};
  if (signal !== undefined) copy.signal = signal as AbortSignal;
  if (deadlineMs !== undefined) copy.deadlineMs = deadlineMs as number;
  if (maxAttempts !== undefined) copy.maxAttempts = maxAttempts as number;
  if (onStreamOpen !== undefined) copy.onStreamOpen = onStreamOpen as (open: StreamOpen) => void;
  return copy;
}

/**
 * Validates untrusted route options. Anything malformed — wrong types, unknown keys, a deadline outside
 * 1 … 2^31 − 1 ms, `maxAttempts` below 1, throwing getters — becomes a ValidationError.
 *
 * @example
 * const options = parseRouteOptions({ deadlineMs: 5_000 });
 */
export function parseRouteOptions(options: unknown): RouteOptions {
  if (options === undefined) return NO_OPTIONS;
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('Route options must be an object', [
      { code: 'invalid_type', path: 'options', message: 'not an object' },
    ]);
  }
  const issues: ValidationIssueInput[] = [];
  let parsed: RouteOptions;
  try {
    parsed = readOptions(options, issues);
  } catch (cause) {
    throw new ValidationError(
      'The route options could not be read',
      [{ code: 'unreadable', path: 'options', message: 'options could not be inspected' }],
      { cause },
    );
  }
  if (issues.length > 0)
    throw new ValidationError(`Invalid route options (${issues[0]?.path}: ${issues[0]?.message})`, issues);
  return parsed;
}
