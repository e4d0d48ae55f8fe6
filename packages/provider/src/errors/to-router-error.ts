import { classifyTransportError } from '../http/classify-transport-error.js';
import type { ErrorCategory } from './error-category.js';
import { RouterError } from './router-error.js';

/**
 * What {@link toRouterError} may know about where a value was thrown.
 *
 * @example
 * const context: ToRouterErrorContext = { providerId: 'openai', timedOut: call.timedOut, aborted: signal.aborted };
 */
export interface ToRouterErrorContext {
  /** Provider being called, when one was. */
  providerId?: string;
  /** True when our own timeout fired (so an abort means `timeout`, not `aborted`). */
  timedOut?: boolean;
  /** The timeout that fired was the idle timeout between stream chunks. */
  idle?: boolean;
  /** True when the caller aborted. */
  aborted?: boolean;
  /** Category for anything unrecognised; `provider` by default. */
  fallbackCategory?: ErrorCategory;
}

function messageOf(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  return 'non-error value thrown';
}

/**
 * The one normaliser for anything thrown: a {@link RouterError} passes through unchanged; transport
 * failures (abort, timeout, connection refused, reset, DNS, TLS) get their one category and code; anything
 * else becomes the fallback category (`provider`) with code `unexpected_error`, the original kept as `cause`.
 *
 * @example
 * catch (thrown) { throw toRouterError(thrown, { providerId: 'gemini', timedOut: call.timedOut }); }
 */
export function toRouterError(value: unknown, context: ToRouterErrorContext = {}): RouterError {
  if (RouterError.isInstance(value)) return value;
  const providerId = context.providerId;
  const transport = classifyTransportError(value, context);
  if (transport) return transport;
  const where = providerId ? ` in ${providerId}` : '';
  return new RouterError(
    context.fallbackCategory ?? 'provider',
    `Unexpected failure${where}: ${messageOf(value)}`,
    {
      providerId,
      code: 'unexpected_error',
      cause: value,
    },
  );
}
