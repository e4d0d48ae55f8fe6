import {
  type AdapterCall,
  type BodyLimits,
  type CallSignal,
  type OpenExchange,
  openExchange,
  type RouterError,
  readExchangeText,
  resolveBodyLimits,
  toRouterError,
} from '@apikeyrouter/provider';
import { parseAnthropicErrorText } from '../errors/anthropic-error-body.js';
import { classifyAnthropicError } from '../errors/classify-anthropic-error.js';
import type { AnthropicRequest } from '../wire/anthropic-request-types.js';
import type { FetchFunction } from './anthropic-adapter-options.js';

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
  /** Whole-call timeout in ms. @example 60_000 */
  timeoutMs: number | undefined;
  /** Longest silence between stream chunks in ms. @example 30_000 */
  idleTimeoutMs: number | undefined;
  /** Response size caps. @example {} */
  limits: BodyLimits | undefined;
  /** The fetch to call; undefined for the kit's default client. @example fetch */
  fetch: FetchFunction | undefined;
}

/** A 2xx response whose body is still to be read, with the signal that guards reading it. */
export type AnthropicExchange = OpenExchange;

/**
 * Classifies a failure while talking to the provider (fetch or body read) with the kit's one mapping.
 *
 * @example
 * throw transportFailure(error, callSignal, call, 'anthropic');
 */
export function transportFailure(
  error: unknown,
  callSignal: Pick<CallSignal, 'timedOut' | 'idleTimedOut'>,
  call: Pick<AdapterCall, 'signal'>,
  providerId: string,
): RouterError {
  return toRouterError(error, {
    providerId,
    timedOut: callSignal.timedOut,
    idle: callSignal.idleTimedOut,
    aborted: call.signal.aborted,
    fallbackCategory: 'network',
  });
}

/**
 * Reads a whole body within the configured cap.
 *
 * @example
 * const text = await readCapped(config, exchange, call);
 */
export function readCapped(
  config: AnthropicTransportConfig,
  exchange: AnthropicExchange,
  call: Pick<AdapterCall, 'signal'>,
): Promise<string> {
  return readExchangeText(exchange, {
    providerId: config.providerId,
    parentSignal: call.signal,
    maxResponseBytes: resolveBodyLimits(config.limits).maxResponseBytes,
  });
}

/**
 * POSTs a Messages API body through the kit's edge (capped, same-origin redirects only). Resolves with the
 * response once its status is 2xx; any other status is read and thrown as a classified RouterError, so
 * streaming callers can fail over before the first chunk.
 *
 * @example
 * const { response, callSignal } = await postMessages(config, call, body);
 */
export function postMessages(
  config: AnthropicTransportConfig,
  call: AdapterCall,
  body: AnthropicRequest,
): Promise<AnthropicExchange> {
  const headers: Record<string, string> = {
    ...config.headers,
    'content-type': 'application/json',
    accept: body.stream ? 'text/event-stream' : 'application/json',
    'anthropic-version': config.anthropicVersion,
    'x-api-key': call.apiKey,
  };
  const maxResponseBytes = resolveBodyLimits(config.limits).maxResponseBytes;
  return openExchange(
    {
      providerId: config.providerId,
      fetch: config.fetch as typeof fetch | undefined,
      wholeBodyMaxBytes: body.stream ? undefined : maxResponseBytes,
      url: config.url,
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      parentSignal: call.signal,
      clock: call.clock,
      timeouts: { timeoutMs: config.timeoutMs, idleTimeoutMs: config.idleTimeoutMs },
      maxResponseBytes,
    },
    (failure) =>
      classifyAnthropicError(parseAnthropicErrorText(failure.text), {
        providerId: config.providerId,
        now: call.clock.now(),
        status: failure.status,
        headers: failure.headers,
        secret: call.apiKey,
      }),
  );
}
