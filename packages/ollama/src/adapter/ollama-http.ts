import {
  type BodyLimits,
  type Clock,
  type OpenExchange,
  openExchange,
  RouterError,
  readExchangeText,
  resolveBodyLimits,
  toRouterError,
} from '@apikeyrouter/provider';
import { ollamaError } from '../errors/ollama-error.js';
import { readErrorMessage } from '../errors/read-error-message.js';

/** Connection settings shared by every call of one adapter. */
export interface OllamaHttpSettings {
  /** Provider id for errors. */
  providerId: string;
  /** Base URL without a trailing slash. */
  baseURL: string;
  /** Extra headers sent on every request. */
  headers: Readonly<Record<string, string>>;
  /** Whole-call timeout in ms, measured on the call's clock. */
  timeoutMs: number | undefined;
  /** Longest silence between stream chunks in ms. */
  idleTimeoutMs: number | undefined;
  /** Response size caps. */
  limits: BodyLimits | undefined;
  /** The fetch implementation; undefined for the kit's default client. */
  fetch: typeof fetch | undefined;
}

/** The per-call part of a request. */
export interface OllamaHttpCall {
  /** Key material; sent as a Bearer token only when non-empty (a proxy in front of Ollama). */
  apiKey: string;
  /** Caller's signal. */
  signal: AbortSignal;
  /** Router request id, sent as `x-request-id` for proxies and logs. */
  requestId: string;
  /** The router's clock. */
  clock: Clock;
}

/** A 2xx response whose body is still to be read; dispose `callSignal` when done with it. */
export type OllamaExchange = OpenExchange;

/**
 * A transport failure (or anything unexpected) as a RouterError: caller abort → `aborted`, our timeout →
 * `timeout`, socket trouble → `network`, anything else → `provider` (message scrubbed of the key).
 *
 * @example
 * throw transportError(error, { providerId: 'ollama', timedOut: call.timedOut, aborted: parent.aborted });
 */
export function transportError(
  error: unknown,
  context: { providerId: string; timedOut: boolean; idle?: boolean; aborted: boolean; apiKey?: string },
): RouterError {
  return toRouterError(error, context);
}

function requestHeaders(settings: OllamaHttpSettings, call: OllamaHttpCall, stream: boolean): Headers {
  const headers = new Headers(settings.headers);
  headers.set('content-type', 'application/json');
  if (!headers.has('accept')) headers.set('accept', stream ? 'application/x-ndjson' : 'application/json');
  headers.set('x-request-id', call.requestId);
  if (call.apiKey !== '') headers.set('authorization', `Bearer ${call.apiKey}`);
  return headers;
}

/**
 * POSTs a JSON body to Ollama. Resolves with the response once the status is 2xx; otherwise reads the error
 * body and throws the classified RouterError. The timeout covers the whole call, body included: the caller
 * disposes the returned signal after reading.
 *
 * @example
 * const { response, callSignal } = await postOllama(settings, '/api/chat', body, call, false);
 * try { return await response.json(); } finally { callSignal.dispose(); }
 */
export function postOllama(
  settings: OllamaHttpSettings,
  path: string,
  body: string,
  call: OllamaHttpCall,
  stream: boolean,
): Promise<OllamaExchange> {
  const maxResponseBytes = resolveBodyLimits(settings.limits).maxResponseBytes;
  return openExchange(
    {
      providerId: settings.providerId,
      fetch: settings.fetch,
      wholeBodyMaxBytes: stream ? undefined : maxResponseBytes,
      url: `${settings.baseURL}${path}`,
      method: 'POST',
      headers: requestHeaders(settings, call, stream),
      body,
      parentSignal: call.signal,
      clock: call.clock,
      timeouts: { timeoutMs: settings.timeoutMs, idleTimeoutMs: settings.idleTimeoutMs },
      maxResponseBytes,
    },
    (failure) =>
      ollamaError({
        providerId: settings.providerId,
        status: failure.status,
        message: readErrorMessage(failure.text, failure.status),
        headers: failure.headers,
        now: call.clock.now(),
        apiKey: call.apiKey,
      }),
  );
}

/**
 * Reads a 2xx body as JSON; transport failures while reading are classified, a body that is not JSON is a
 * `provider` error with code `malformed_response`. Disposes the call signal either way.
 *
 * @example
 * const json = await readJsonBody(exchange, settings, call);
 */
export async function readJsonBody(
  exchange: OllamaExchange,
  settings: OllamaHttpSettings,
  call: OllamaHttpCall,
): Promise<unknown> {
  try {
    const text = await readExchangeText(exchange, {
      providerId: settings.providerId,
      parentSignal: call.signal,
      maxResponseBytes: resolveBodyLimits(settings.limits).maxResponseBytes,
    });
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new RouterError('provider', `${settings.providerId} sent a response body that is not JSON`, {
        providerId: settings.providerId,
        status: exchange.response.status,
        code: 'malformed_response',
      });
    }
  } finally {
    exchange.callSignal.dispose();
  }
}
