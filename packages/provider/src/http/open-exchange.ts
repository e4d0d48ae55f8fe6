import type { Clock } from '../clock/clock.js';
import type { RouterError } from '../errors/router-error.js';
import { type CallSignal, type CallTimeouts, createCallSignal } from './call-signal.js';
import { readBodyText } from './read-body.js';
import { type HttpRequest, sendHttp } from './send-http.js';

/**
 * A 2xx response whose body is still unread, with the signal that bounds reading it: the caller reads the
 * body (whole or as a stream) and disposes `callSignal` afterwards.
 *
 * @example
 * const { response, callSignal } = await openExchange(request, toError);
 * try { return await readExchangeText({ response, callSignal }, request); } finally { callSignal.dispose(); }
 */
export interface OpenExchange {
  response: Response;
  callSignal: CallSignal;
}

/**
 * One provider request as {@link openExchange} takes it: an {@link HttpRequest} without its call signal (built
 * here from the timeouts and the router's clock) plus the cap on any body read.
 *
 * @example
 * const request: ExchangeRequest = { providerId: 'ollama', url, method: 'POST', headers, body, parentSignal: call.signal, clock: call.clock, timeouts: { timeoutMs: 60_000 }, maxResponseBytes: 1 << 20 };
 */
export interface ExchangeRequest extends Omit<HttpRequest, 'callSignal'> {
  /** The router's clock: the timeouts are measured on it (tests use a virtual one). */
  clock: Clock;
  /** Whole-call and idle timeouts. */
  timeouts: CallTimeouts;
  /** Largest body read, in bytes (error bodies included). */
  maxResponseBytes: number;
}

/**
 * A non-2xx answer, its body read within the cap: all an adapter needs to build its classified error.
 *
 * @example
 * const toError = (failure: StatusFailure) => classify(failure.status, failure.text, failure.headers);
 */
export interface StatusFailure {
  status: number;
  headers: Headers;
  /** The body text (not scrubbed: the adapter's classifier scrubs what it keeps). */
  text: string;
}

/**
 * Reads an exchange's whole body as text within the request's cap. Does not dispose the call signal.
 *
 * @example
 * const text = await readExchangeText(open, request);
 */
export function readExchangeText(
  exchange: OpenExchange,
  request: Pick<ExchangeRequest, 'providerId' | 'parentSignal' | 'maxResponseBytes'>,
): Promise<string> {
  return readBodyText(exchange.response, {
    providerId: request.providerId,
    callSignal: exchange.callSignal,
    parentSignal: request.parentSignal,
    maxBytes: request.maxResponseBytes,
  });
}

/**
 * Sends one request through the kit's edge (timeouts on the router's clock, capped bodies, same-origin
 * redirects only) and resolves once the status is 2xx. Any other status has its body read within the cap and
 * is thrown as the adapter's own error (`toError`): the one piece of the exchange that differs per provider.
 * Transport failures are thrown classified. On every failure the call signal is disposed here; on success the
 * caller owns it.
 *
 * @example
 * const open = await openExchange(
 *   { providerId, url, method: 'POST', headers, body, parentSignal: call.signal, clock: call.clock, timeouts, maxResponseBytes },
 *   (failure) => classifyError(failure.status, failure.text),
 * );
 */
export async function openExchange(
  request: ExchangeRequest,
  toError: (failure: StatusFailure) => RouterError,
): Promise<OpenExchange> {
  const callSignal = createCallSignal(request.parentSignal, request.timeouts, request.clock);
  let response: Response;
  try {
    response = await sendHttp({ ...request, callSignal });
  } catch (error) {
    callSignal.dispose();
    throw error;
  }
  if (response.ok) return { response, callSignal };
  let text: string;
  try {
    text = await readExchangeText({ response, callSignal }, request);
  } finally {
    callSignal.dispose();
  }
  throw toError({ status: response.status, headers: response.headers, text });
}
