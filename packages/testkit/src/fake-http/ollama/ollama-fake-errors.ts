import type { ServerResponse } from 'node:http';
import type { Admission } from '../../limits/hidden-limits.js';
import type { FaultSpec } from '../fault-script.js';
import { sendJson } from '../loopback-server.js';

/** An error answer: status, Ollama's `{"error": …}` message, extra headers. */
export interface OllamaFakeError {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

/**
 * Messages the simulated Ollama (and the proxy in front of it) sends; real Ollama wording where one exists.
 *
 * @example
 * expect(error.message).toContain(OLLAMA_FAKE_MESSAGES.overloaded);
 */
export const OLLAMA_FAKE_MESSAGES = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden: this key may not use this model',
  badRequest: 'json: cannot unmarshal string into Go struct field ChatRequest.messages of type []api.Message',
  contextLength: 'the input length exceeds the context length',
  serverError: 'llama runner process has terminated: exit status 2',
  overloaded: 'server busy, please try again.  maximum pending requests exceeded',
  midStream: 'an error was encountered while running the model: unexpected EOF',
  quota: 'usage limit reached: the quota of this key is exhausted',
} as const;

/**
 * Ollama's 404 for a model that has not been pulled.
 *
 * @example
 * modelNotFound('llama9'); // "model 'llama9' not found, try pulling it first"
 */
export function modelNotFound(model: string): string {
  return `model '${model}' not found, try pulling it first`;
}

function retryAfter(ms: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) };
}

/**
 * Writes Ollama's error body `{"error": "…"}`.
 *
 * @example
 * sendOllamaError(res, { status: 404, message: modelNotFound('x') });
 */
export function sendOllamaError(response: ServerResponse, error: OllamaFakeError): void {
  if (response.destroyed || response.writableEnded) return;
  sendJson(response, error.status, { error: error.message }, error.headers);
}

/**
 * The error answer of a scripted fault that fails before any output; undefined for faults that shape a
 * successful answer (`slow`, `content_filter`, stream faults) or do not answer at all.
 *
 * @example
 * faultError({ kind: 'overloaded' }, 'llama3.2', false)?.status; // 503
 */
export function faultError(fault: FaultSpec, model: string, stream: boolean): OllamaFakeError | undefined {
  switch (fault.kind) {
    case 'rate_limit': {
      const ms = fault.delayMs ?? 1000;
      return {
        status: 429,
        message: `rate limit exceeded, retry in ${Math.ceil(ms / 1000)}s`,
        headers: retryAfter(ms),
      };
    }
    case 'quota_exhausted':
      return { status: 429, message: OLLAMA_FAKE_MESSAGES.quota };
    case 'request_too_large':
      return { status: 429, message: 'request too large for tokens per minute: limit 1000, requested 5000' };
    case 'unauthorized':
      return { status: 401, message: OLLAMA_FAKE_MESSAGES.unauthorized };
    case 'forbidden':
      return { status: 403, message: OLLAMA_FAKE_MESSAGES.forbidden };
    case 'not_found':
      return { status: 404, message: modelNotFound(model) };
    case 'bad_request':
      return { status: 400, message: OLLAMA_FAKE_MESSAGES.badRequest };
    case 'context_length':
      return { status: 400, message: OLLAMA_FAKE_MESSAGES.contextLength };
    case 'server_error':
      return { status: 500, message: OLLAMA_FAKE_MESSAGES.serverError };
    case 'overloaded':
      return { status: 503, message: OLLAMA_FAKE_MESSAGES.overloaded };
    case 'error_after_200':
      // Non-streamed, Ollama buffers the answer, so a runner failure surfaces as a plain 500.
      return stream ? undefined : { status: 500, message: OLLAMA_FAKE_MESSAGES.midStream };
    default:
      return undefined;
  }
}

/**
 * The 429 an authenticating proxy sends when a key's hidden limit refuses a request. Per-day limits and
 * billing read as quota messages (the adapter treats them as exhaustion), the rest as rate limits.
 *
 * @example
 * limitRejection({ ok: false, kind: 'requests', retryAfterMs: 2000, limit: 10, requested: 1 }).headers; // { 'retry-after': '2' }
 */
export function limitRejection(admission: Extract<Admission, { ok: false }>): OllamaFakeError {
  const wait = admission.retryAfterMs;
  const seconds = Math.max(1, Math.ceil(wait / 1000));
  switch (admission.kind) {
    case 'billing':
      return { status: 429, message: OLLAMA_FAKE_MESSAGES.quota };
    case 'too_large':
      return {
        status: 429,
        message: `request too large for tokens per minute: limit ${admission.limit}, requested ${admission.requested}`,
      };
    case 'requests_day':
    case 'tokens_day':
      return {
        status: 429,
        message: `daily quota exceeded: ${admission.kind === 'requests_day' ? 'requests' : 'tokens'} per day limit ${admission.limit}, resets in ${seconds}s`,
        headers: retryAfter(wait),
      };
    case 'concurrency':
      return {
        status: 429,
        message: `rate limit exceeded: too many concurrent requests (limit ${admission.limit})`,
        headers: retryAfter(wait),
      };
    default:
      return {
        status: 429,
        message: `rate limit exceeded: ${admission.kind} per minute limit ${admission.limit}, retry in ${seconds}s`,
        headers: retryAfter(wait),
      };
  }
}
