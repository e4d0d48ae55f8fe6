import {
  type BodyLimits,
  type Clock,
  type OpenExchange,
  openExchange,
  parseJsonOrUndefined,
  parseRetryAfter,
  RouterError,
  readExchangeText,
  resolveBodyLimits,
  toRouterError,
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
  /** Whole-call timeout in ms on the call's clock; none when undefined. */
  timeoutMs: number | undefined;
  /** Longest silence between stream chunks in ms; none when undefined. */
  idleTimeoutMs: number | undefined;
  /** Response size caps. */
  limits: BodyLimits | undefined;
  /** Provider id for errors. */
  providerId: string;
  /** The fetch to use; undefined for the kit's default client. */
  fetch: typeof fetch | undefined;
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

/** An accepted (2xx) response whose body is still unread; dispose its `callSignal` once read. */
export type OpenResponse = OpenExchange;

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
  state: { timedOut: boolean; idleTimedOut?: boolean; aborted: boolean },
  providerId: string,
): RouterError {
  return toRouterError(error, {
    providerId,
    timedOut: state.timedOut,
    idle: state.idleTimedOut,
    aborted: state.aborted,
  });
}

function readLimits(config: GeminiHttpConfig, call: GeminiCallInput) {
  return {
    providerId: config.providerId,
    parentSignal: call.signal,
    maxResponseBytes: resolveBodyLimits(config.limits).maxResponseBytes,
  };
}

/**
 * POSTs a JSON body to `{baseURL}/{apiVersion}/{path}` with the key in `x-goog-api-key` (never the URL, so
 * it cannot leak through logged URLs). Non-2xx answers are read, scrubbed of the key and thrown as classified
 * RouterErrors; transport failures, timeouts and aborts as well.
 *
 * @example
 * const { response, callSignal } = await postToGemini(config, 'models/gemini-2.5-flash:generateContent', body, call);
 */
export function postToGemini(
  config: GeminiHttpConfig,
  path: string,
  body: string,
  call: GeminiCallInput,
): Promise<OpenResponse> {
  const headers = new Headers(config.headers);
  headers.set('content-type', 'application/json');
  if (call.apiKey !== '') headers.set('x-goog-api-key', call.apiKey);
  const limits = readLimits(config, call);
  return openExchange(
    {
      ...limits,
      fetch: config.fetch,
      // Streamed answers are read as a stream; every other one whole, by the kit's client.
      wholeBodyMaxBytes: path.includes(':streamGenerateContent') ? undefined : limits.maxResponseBytes,
      url: `${config.baseURL}/${config.apiVersion}/${path}`,
      method: 'POST',
      headers,
      body,
      clock: call.clock,
      timeouts: { timeoutMs: config.timeoutMs, idleTimeoutMs: config.idleTimeoutMs },
    },
    (failure) => {
      const text = scrubKey(failure.text, call.apiKey);
      const now = call.clock.now();
      return routerErrorFromGoogle(failure.status, parseJsonOrUndefined(text), {
        providerId: config.providerId,
        now,
        headerRetryAfterMs: parseRetryAfter(failure.headers, now),
        estimateInputTokens: call.estimateInputTokens,
        rawText: text,
      });
    },
  );
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
    text = await readExchangeText(open, readLimits(config, call));
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
  const error = (body as { error?: unknown } | null)?.error;
  if (error !== undefined && typeof body === 'object' && body !== null && !Array.isArray(body)) {
    throw routerErrorFromGoogle(open.response.status, JSON.parse(scrubKey(text, call.apiKey)), {
      providerId: config.providerId,
      now: call.clock.now(),
      estimateInputTokens: call.estimateInputTokens,
    });
  }
  return body;
}
