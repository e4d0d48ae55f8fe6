import {
  type CallSignal,
  type Clock,
  toRouterError as kitToRouterError,
  parseJsonOrUndefined,
  RouterError,
  readBodyText,
  sendHttp,
} from '@apikeyrouter/provider';
import { classifyOpenAIError } from '../errors/classify-openai-error.js';
import type { RateLimitDialect } from '../rate-limits/parse-openai-rate-limits.js';

/** Everything one HTTP exchange needs. */
export interface OpenAIExchange {
  /** Provider id for errors. */
  providerId: string;
  /** `fetch` to use; undefined for the kit's default client. */
  fetch: typeof fetch | undefined;
  /** Set for calls whose whole body is read (not streams): the cap, in bytes. */
  wholeBodyMaxBytes: number | undefined;
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
  /** Largest body read, in bytes. */
  maxResponseBytes: number;
}

/**
 * Turns whatever a call threw into a RouterError: RouterErrors pass through, transport failures are
 * classified (timeout vs caller abort vs network), anything else is a provider error with a scrubbed message.
 *
 * @example
 * catch (error) { throw toRouterError(error, exchange); }
 */
export function toRouterError(error: unknown, exchange: OpenAIExchange): RouterError {
  return kitToRouterError(error, {
    providerId: exchange.providerId,
    timedOut: exchange.callSignal.timedOut,
    idle: exchange.callSignal.idleTimedOut,
    aborted: exchange.parentSignal.aborted,
  });
}

/**
 * Parses JSON, returning undefined instead of throwing.
 *
 * @example
 * tryParseJson('{nope'); // undefined
 */
export const tryParseJson = parseJsonOrUndefined;

function bodyContext(exchange: OpenAIExchange) {
  return {
    providerId: exchange.providerId,
    callSignal: exchange.callSignal,
    parentSignal: exchange.parentSignal,
    maxBytes: exchange.maxResponseBytes,
  };
}

/**
 * Sends one request. Resolves with the response when its status is 2xx; otherwise reads the error body and
 * throws the classified {@link RouterError}. Transport failures are thrown classified too.
 *
 * @example
 * const response = await sendOpenAIRequest(exchange);
 */
export async function sendOpenAIRequest(exchange: OpenAIExchange): Promise<Response> {
  const response = await sendHttp({ ...exchange, parentSignal: exchange.parentSignal });
  if (response.ok) return response;
  const text = await readBodyText(response, bodyContext(exchange));
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
  const text = await readBodyText(response, bodyContext(exchange));
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
