import { type AdapterCall, classifyTransportError, RouterError } from '@apikeyrouter/provider';
import { parseAnthropicErrorText } from '../errors/anthropic-error-body.js';
import { classifyAnthropicError } from '../errors/classify-anthropic-error.js';
import type { AnthropicRequest } from '../wire/anthropic-request-types.js';
import type { FetchFunction } from './anthropic-adapter-options.js';
import { type CallGuard, guardCall } from './call-guard.js';

/** Fixed settings of one adapter's HTTP calls. */
export interface AnthropicTransportConfig {
  /** Provider id for errors. @example 'anthropic' */
  providerId: string;
  /** `${baseURL}/v1/messages`. @example 'https://api.anthropic.com/v1/messages' */
  url: string;
  /** `anthropic-version`. @example '2023-06-01' */
  anthropicVersion: string;
  /** Extra headers. @example {} */
  headers: Readonly<Record<string, string>>;
  /** Per-call timeout in ms. @example 60_000 */
  timeoutMs: number | undefined;
  /** The fetch to call. @example fetch */
  fetch: FetchFunction;
}

/** A 2xx response whose body is still to be read, with the signal that guards reading it. */
export interface AnthropicExchange {
  /** The HTTP response. @example exchange.response.status; // 200 */
  response: Response;
  /** Caller abort + timeout; dispose once the body is read. @example exchange.guard.dispose() */
  guard: CallGuard;
}

/**
 * Classifies a failure while talking to the provider (fetch or body read) as aborted, timeout or network.
 *
 * @example
 * throw transportFailure(error, guard, call, 'anthropic');
 */
export function transportFailure(
  error: unknown,
  guard: Pick<CallGuard, 'timedOut'>,
  call: Pick<AdapterCall, 'signal'>,
  providerId: string,
): RouterError {
  const context = { providerId, timedOut: guard.timedOut, aborted: call.signal.aborted };
  return (
    classifyTransportError(error, context) ??
    new RouterError('network', `Unexpected failure talking to ${providerId}`, {
      providerId,
      code: 'transport_error',
      cause: error,
    })
  );
}

/**
 * POSTs a Messages API body. Resolves with the response once its status is 2xx; any other status is read
 * and thrown as a classified RouterError, so streaming callers can fail over before the first chunk. Streaming
 * bodies get an idle timeout (see {@link guardCall}), others a whole-call one.
 *
 * @example
 * const { response, guard } = await postMessages(config, call, body);
 */
export async function postMessages(
  config: AnthropicTransportConfig,
  call: AdapterCall,
  body: AnthropicRequest,
): Promise<AnthropicExchange> {
  const guard = guardCall(call, config.timeoutMs, body.stream ? 'idle' : 'whole');
  const headers: Record<string, string> = {
    ...config.headers,
    'content-type': 'application/json',
    accept: body.stream ? 'text/event-stream' : 'application/json',
    'anthropic-version': config.anthropicVersion,
    'x-api-key': call.apiKey,
  };
  let response: Response;
  try {
    response = await config.fetch(config.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: guard.signal,
    });
  } catch (error) {
    guard.dispose();
    throw transportFailure(error, guard, call, config.providerId);
  }
  if (response.ok) return { response, guard };
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw transportFailure(error, guard, call, config.providerId);
  } finally {
    guard.dispose();
  }
  throw classifyAnthropicError(parseAnthropicErrorText(text), {
    providerId: config.providerId,
    now: call.clock.now(),
    status: response.status,
    headers: response.headers,
    secret: call.apiKey,
  });
}
