import { RouterError } from '../errors/router-error.js';
import { toRouterError } from '../errors/to-router-error.js';
import type { CallSignal } from './call-signal.js';
import { fetchWholeBody } from './whole-body-client.js';

/**
 * Same-origin redirects followed at most this many times.
 *
 * @example
 * ```ts
 * // sendHttp follows up to MAX_REDIRECTS same-origin redirects; one more fails the call:
 * await sendHttp(request).catch((error: unknown) => {
 *   if (RouterError.isInstance(error)) console.log(error.category, error.message); // 'provider' '… redirected more than 3 times'
 * });
 * ```
 */
export const MAX_REDIRECTS = 3;

/**
 * One HTTP request to a provider.
 *
 * @example
 * const request: HttpRequest = { providerId: 'openai', fetch, url, method: 'POST', headers, body, callSignal, parentSignal: call.signal };
 */
export interface HttpRequest {
  /** Provider id, for errors. */
  providerId: string;
  /**
   * The fetch to use. Absent: the platform's `fetch`, except for calls that set {@link wholeBodyMaxBytes},
   * which the kit's own client (undici `request`, same pool semantics, no WHATWG streams) sends.
   */
  fetch?: typeof fetch | undefined;
  /** Absolute URL. */
  url: string;
  /** Method. */
  method: 'GET' | 'POST';
  /** Headers, credentials included. */
  headers: Record<string, string> | Headers;
  /** JSON text for POST. */
  body?: string;
  /** The call's signal. */
  callSignal: CallSignal;
  /** The caller's signal. */
  parentSignal: AbortSignal;
  /**
   * Set when the caller reads the whole body (not a stream), to at most this many bytes: without an injected
   * `fetch`, the body is then read at once and a longer one fails as `response_too_large`.
   */
  wholeBodyMaxBytes?: number | undefined;
}

function send(request: HttpRequest, url: string, method: 'GET' | 'POST', body: string | undefined) {
  if (request.fetch === undefined && request.wholeBodyMaxBytes !== undefined) {
    return fetchWholeBody(url, {
      method,
      headers: request.headers,
      body,
      signal: request.callSignal.source,
      maxBytes: request.wholeBodyMaxBytes,
      providerId: request.providerId,
    });
  }
  return (request.fetch ?? fetch)(url, {
    method,
    headers: request.headers,
    body,
    signal: request.callSignal.signal,
    redirect: 'manual',
  });
}

function transportError(error: unknown, request: HttpRequest): RouterError {
  return toRouterError(error, {
    providerId: request.providerId,
    timedOut: request.callSignal.timedOut,
    idle: request.callSignal.idleTimedOut,
    aborted: request.parentSignal.aborted,
    fallbackCategory: 'network',
  });
}

function redirectTarget(response: Response, from: string): URL | undefined {
  const location = response.headers.get('location');
  if (!location) return undefined;
  try {
    return new URL(location, from);
  } catch {
    return undefined;
  }
}

/**
 * Sends a request with `redirect: 'manual'`: a redirect to the same origin is followed (at most
 * {@link MAX_REDIRECTS} times, 303 and POST-on-301/302 becoming GET as browsers do); a redirect to any other
 * origin is refused (`provider` / `redirect_refused`) so credentials never reach it. Transport failures get
 * their one category and code. Resolves with the final response, whatever its status.
 *
 * @example
 * const response = await sendHttp({ providerId: 'anthropic', fetch, url, method: 'POST', headers, body, callSignal, parentSignal });
 */
export async function sendHttp(request: HttpRequest): Promise<Response> {
  let url = request.url;
  let method = request.method;
  let body = request.body;
  // Parsed only when a redirect needs it: a URL costs a few µs on every call otherwise.
  let origin: string | undefined;
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await send(request, url, method, body);
    } catch (error) {
      throw transportError(error, request);
    }
    if (response.status < 300 || response.status > 399 || response.status === 304) return response;
    const target = redirectTarget(response, url);
    await response.body?.cancel().catch(() => undefined);
    if (!target) return response;
    origin ??= new URL(request.url).origin;
    if (target.origin !== origin) {
      throw new RouterError('provider', `${request.providerId} redirected to another origin; not followed`, {
        providerId: request.providerId,
        code: 'redirect_refused',
        status: response.status,
        details: { targetOrigin: target.origin },
      });
    }
    if (hop >= MAX_REDIRECTS) {
      throw new RouterError('provider', `${request.providerId} redirected more than ${MAX_REDIRECTS} times`, {
        providerId: request.providerId,
        code: 'too_many_redirects',
        status: response.status,
      });
    }
    if (
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && method === 'POST')
    ) {
      method = 'GET';
      body = undefined;
    }
    url = target.href;
  }
}
