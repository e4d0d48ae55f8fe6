import { type CallSignal, type Clock, classifyTransportError, RouterError } from '@apikeyrouter/provider';
import { classifyOpenAIError } from '../errors/classify-openai-error.js';
import { scrubSecret } from '../errors/scrub-secret.js';
import type { RateLimitDialect } from '../rate-limits/parse-openai-rate-limits.js';

/** Everything one HTTP exchange needs. */
export interface OpenAIExchange {
  /** Provider id for errors. */
  providerId: string;
  /** `fetch` to use. */
  fetch: typeof fetch;
  /** Full URL. */
  url: string;
  /** Method. */
  method: 'GET' | 'POST';
  /** Headers, auth included. */
  headers: Record<string, string>;
  /** JSON body text, for POST. */
  body?: string;
  /** Key material, to scrub from errors. */
  apiKey: string;
  /** The caller's signal (tells caller aborts from timeouts). */
  parentSignal: AbortSignal;
  /** Signal bounding this exchange. */
  callSignal: CallSignal;
  /** The router's clock. */
  clock: Clock;
  /** Rate-limit header dialect. */
  dialect: RateLimitDialect;
}

/**
 * Turns whatever a call threw into a RouterError: RouterErrors pass through, transport failures are
 * classified (timeout vs caller abort vs network), anything else is a provider error with a scrubbed message.
 *
 * @example
 * catch (error) { throw toRouterError(error, exchange); }
 */
export function toRouterError(error: unknown, exchange: OpenAIExchange): RouterError {
  const transport = classifyTransportError(error, {
    providerId: exchange.providerId,
    timedOut: exchange.callSignal.timedOut,
    aborted: exchange.parentSignal.aborted,
  });
  if (transport) return transport;
  const message = error instanceof Error ? error.message : String(error);
  return new RouterError(
    'provider',
    `${exchange.providerId} call failed: ${scrubSecret(message, exchange.apiKey)}`,
    {
      providerId: exchange.providerId,
      code: 'unexpected_error',
    },
  );
}

/**
 * Parses JSON, returning undefined instead of throwing.
 *
 * @example
 * tryParseJson('{nope'); // undefined
 */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Sends one request. Resolves with the response when its status is 2xx; otherwise reads the error body and
 * throws the classified {@link RouterError}. Transport failures are thrown classified too.
 *
 * @example
 * const response = await sendOpenAIRequest(exchange);
 */
export async function sendOpenAIRequest(exchange: OpenAIExchange): Promise<Response> {
  let response: Response;
  try {
    response = await exchange.fetch(exchange.url, {
      method: exchange.method,
      headers: exchange.headers,
      body: exchange.body,
      signal: exchange.callSignal.signal,
    });
  } catch (error) {
    throw toRouterError(error, exchange);
  }
  if (response.ok) return response;
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw toRouterError(error, exchange);
  }
  throw classifyOpenAIError(
    { status: response.status, headers: response.headers, body: tryParseJson(text), text },
    {
      providerId: exchange.providerId,
      now: exchange.clock.now(),
      apiKey: exchange.apiKey,
      dialect: exchange.dialect,
    },
  );
}

/**
 * Reads a 2xx JSON body. A body that is not JSON is a provider error (`malformed_response`); a 2xx body that
 * is an error object (some compatible servers do this) is classified like an HTTP error.
 *
 * @example
 * const body = await readOpenAIJson(response, exchange);
 */
export async function readOpenAIJson(response: Response, exchange: OpenAIExchange): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw toRouterError(error, exchange);
  }
  const body = tryParseJson(text);
  if (typeof body !== 'object' || body === null) {
    throw new RouterError('provider', `${exchange.providerId} sent a response that is not JSON`, {
      providerId: exchange.providerId,
      code: 'malformed_response',
      status: response.status,
    });
  }
  if ('error' in body && (body as { error: unknown }).error && !('choices' in body) && !('data' in body)) {
    throw classifyOpenAIError(
      { status: response.status, headers: response.headers, body, text },
      {
        providerId: exchange.providerId,
        now: exchange.clock.now(),
        apiKey: exchange.apiKey,
        dialect: exchange.dialect,
      },
    );
  }
  return body;
}
