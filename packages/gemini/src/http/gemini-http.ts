import {
  type CallSignal,
  type Clock,
  classifyTransportError,
  createCallSignal,
  parseRetryAfter,
  RouterError,
} from '@apikeyrouter/provider';
import { routerErrorFromGoogle } from '../errors/router-error-from-google.js';
import { scrubKey } from '../errors/scrub-key.js';

/** How to reach the Gemini API. */
export interface GeminiHttpConfig {
  /** Origin without version, e.g. `https://generativelanguage.googleapis.com`. */
  baseURL: string;
  /** `v1beta` or `v1`. */
  apiVersion: string;
  /** Extra headers on every request. */
  headers: Readonly<Record<string, string>>;
  /** Per-call timeout in ms on the call's clock; none when undefined. */
  timeoutMs: number | undefined;
  /** Provider id for errors. */
  providerId: string;
  /** The fetch to use. */
  fetch: typeof fetch;
}

/** The per-call inputs of a request. */
export interface GeminiCallInput {
  /** Key material; sent as `x-goog-api-key` only. */
  apiKey: string;
  /** Caller's signal. */
  signal: AbortSignal;
  /** The router's clock. */
  clock: Clock;
  /** Estimated prompt tokens, for classifying quota errors (computed only on a 429). */
  estimateInputTokens?: () => number;
}

/** An accepted (2xx) response whose body is still unread. */
export interface OpenResponse {
  /** The fetch response. */
  response: Response;
  /** Its signal; dispose once the body has been read. */
  callSignal: CallSignal;
}

/**
 * Classifies a failure during fetch or a body read: transport errors via `classifyTransportError` (our
 * timeout → `timeout`, caller abort → `aborted`, socket trouble → `network`), RouterErrors as they are,
 * anything else as an unexpected `provider` error.
 *
 * @example
 * throw transportFailure(error, { timedOut: callSignal.timedOut, aborted: call.signal.aborted }, 'gemini');
 */
export function transportFailure(
  error: unknown,
  state: { timedOut: boolean; aborted: boolean },
  providerId: string,
): RouterError {
  return (
    classifyTransportError(error, { providerId, timedOut: state.timedOut, aborted: state.aborted }) ??
    new RouterError('provider', 'Unexpected failure while calling Gemini', { providerId, cause: error })
  );
}

function stateOf(callSignal: CallSignal, parent: AbortSignal): { timedOut: boolean; aborted: boolean } {
  return { timedOut: callSignal.timedOut, aborted: parent.aborted };
}

/**
 * POSTs a JSON body to `{baseURL}/{apiVersion}/{path}` with the key in `x-goog-api-key` (never the URL, so
 * it cannot leak through logged URLs). Non-2xx answers are read, scrubbed of the key and thrown as classified
 * RouterErrors; transport failures, timeouts and aborts as well.
 *
 * @example
 * const { response, callSignal } = await postToGemini(config, 'models/gemini-2.5-flash:generateContent', body, call);
 */
export async function postToGemini(
  config: GeminiHttpConfig,
  path: string,
  body: string,
  call: GeminiCallInput,
): Promise<OpenResponse> {
  const headers = new Headers(config.headers);
  headers.set('content-type', 'application/json');
  if (call.apiKey !== '') headers.set('x-goog-api-key', call.apiKey);
  const callSignal = createCallSignal(call.signal, config.timeoutMs, call.clock);
  let response: Response;
  try {
    response = await config.fetch(`${config.baseURL}/${config.apiVersion}/${path}`, {
      method: 'POST',
      headers,
      body,
      signal: callSignal.signal,
    });
  } catch (error) {
    callSignal.dispose();
    throw transportFailure(error, stateOf(callSignal, call.signal), config.providerId);
  }
  if (response.ok) return { response, callSignal };
  let text: string;
  try {
    text = scrubKey(await response.text(), call.apiKey);
  } catch (error) {
    throw transportFailure(error, stateOf(callSignal, call.signal), config.providerId);
  } finally {
    callSignal.dispose();
  }
  const now = call.clock.now();
  throw routerErrorFromGoogle(response.status, parseJsonOrUndefined(text), {
    providerId: config.providerId,
    now,
    headerRetryAfterMs: parseRetryAfter(response.headers, now),
    estimateInputTokens: call.estimateInputTokens,
    rawText: text,
  });
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads a 2xx body as JSON, disposing the call signal afterwards. A body that is not JSON is a `provider`
 * error (code `malformed_response`); an `{"error": …}` body (which some proxies send with 200) is thrown as
 * its classified error.
 *
 * @example
 * const body = await readJsonBody(open, config, call);
 */
export async function readJsonBody(
  open: OpenResponse,
  config: GeminiHttpConfig,
  call: GeminiCallInput,
): Promise<unknown> {
  let text: string;
  try {
    text = await open.response.text();
  } catch (error) {
    throw transportFailure(error, stateOf(open.callSignal, call.signal), config.providerId);
  } finally {
    open.callSignal.dispose();
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RouterError('provider', 'Gemini returned a body that is not JSON', {
      providerId: config.providerId,
      status: open.response.status,
      code: 'malformed_response',
    });
  }
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  if (error !== undefined && typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const code = Number(error?.code);
    throw routerErrorFromGoogle(
      Number.isInteger(code) && code >= 400 ? code : 500,
      JSON.parse(scrubKey(text, call.apiKey)),
      {
        providerId: config.providerId,
        now: call.clock.now(),
        estimateInputTokens: call.estimateInputTokens,
      },
    );
  }
  return body;
}
