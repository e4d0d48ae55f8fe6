import type { RouterError } from '../errors/router-error.js';
import { clampObservation, clampRetryAfterMs } from '../limits/clamp.js';
import { scrubData } from '../secrets/scrub-data.js';
import type { SecretScrubber } from '../secrets/secret-scrubber.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function scrubCause(cause: unknown, scrub: (text: string) => string, depth: number): unknown {
  if (!(cause instanceof Error) || depth > 3) return typeof cause === 'string' ? scrub(cause) : undefined;
  const copy = new Error(scrub(cause.message), { cause: scrubCause(cause.cause, scrub, depth + 1) });
  copy.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code: scrub(code) });
  copy.stack = scrub(cause.stack ?? '');
  return copy;
}

/**
 * Makes an error safe to leave the router, in place (its class and identity are kept): message, stack,
 * code, details and the cause chain pass the scrubber; `retryAfterMs` and rate-limit facts are clamped.
 *
 * @example
 * throw sanitizeError(error, new SecretScrubber([call.apiKey]), call.clock.now());
 */
export function sanitizeError<E extends RouterError>(error: E, scrubber: SecretScrubber, now: number): E {
  const scrub = (text: string) => scrubber.scrub(text);
  const target = error as Writable<E>;
  target.message = scrub(error.message);
  if (error.stack) target.stack = scrub(error.stack);
  if (error.code !== undefined) target.code = scrub(String(error.code));
  if (error.details !== undefined) target.details = scrubData(error.details, scrub);
  const issues = (error as { issues?: unknown }).issues;
  if (Array.isArray(issues)) Object.assign(target, { issues: scrubData(issues, scrub) });
  target.retryAfterMs = clampRetryAfterMs(error.retryAfterMs);
  if (error.rateLimits !== undefined) target.rateLimits = clampObservation(error.rateLimits, now);
  if (error.cause !== undefined) target.cause = scrubCause(error.cause, scrub, 0);
  return error;
}
