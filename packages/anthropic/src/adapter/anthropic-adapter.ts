import {
  type AdapterCall,
  type AdapterCapabilities,
  type AdapterResponse,
  type AdapterStream,
  type ClassifyContext,
  type ProviderAdapter,
  type RateLimitObservation,
  RouterError,
  readStream,
  toRouterError,
} from '@apikeyrouter/provider';
import { readAnthropicError } from '../errors/anthropic-error-body.js';
import { classifyAnthropicError } from '../errors/classify-anthropic-error.js';
import { scrubSecret } from '../errors/scrub-secret.js';
import { parseAnthropicRateLimits } from '../rate-limits/parse-anthropic-rate-limits.js';
import { toAnthropicRequest } from '../request/to-anthropic-request.js';
import { responseToolName } from '../request/to-anthropic-tools.js';
import { fromAnthropicResponse } from '../response/from-anthropic-response.js';
import { AnthropicStreamDecoder } from '../stream/anthropic-stream-decoder.js';
import { anthropicStreamDecoder } from '../stream/read-anthropic-stream.js';
import type { AnthropicAdapterOptions } from './anthropic-adapter-options.js';
import { ANTHROPIC_CAPABILITIES } from './anthropic-capabilities.js';
import { type AnthropicTransportConfig, postMessages, readCapped } from './anthropic-transport.js';

/**
 * Default API origin.
 *
 * @example
 * ```ts
 * // A proxy in front of Anthropic, or the real origin when none is configured.
 * const adapter = new AnthropicAdapter({ baseURL: process.env.ANTHROPIC_PROXY ?? ANTHROPIC_BASE_URL });
 * ```
 */
export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
/**
 * Default `anthropic-version` header.
 *
 * @example
 * ```ts
 * // What the adapter sends unless `anthropicVersion` says otherwise.
 * const adapter = new AnthropicAdapter({ anthropicVersion: ANTHROPIC_VERSION }); // '2023-06-01'
 * ```
 */
export const ANTHROPIC_VERSION = '2023-06-01';

const RESERVED_HEADERS = new Set(['x-api-key', 'anthropic-version', 'content-type', 'authorization']);

function userHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!RESERVED_HEADERS.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

/**
 * The Anthropic Messages API (`POST /v1/messages`) behind the router's {@link ProviderAdapter} contract:
 * `x-api-key` auth, top-level system prompt, tools ↔ `tool_use` / `tool_result`, images, JSON output
 * through a forced answer tool, SSE streaming, `anthropic-ratelimit-*` headers and Anthropic's error types.
 * No embeddings (Anthropic has no embeddings endpoint).
 *
 * @example
 * await router.registerProvider('anthropic', new AnthropicAdapter({ timeoutMs: 60_000 }));
 */
export class AnthropicAdapter implements ProviderAdapter {
  /** The adapter contract version implemented. */
  readonly specificationVersion = 'v1' as const;
  /** Provider id (`providerId` option, default `anthropic`). @example adapter.id; // 'anthropic' */
  readonly id: string;
  /** What Anthropic supports. @example adapter.capabilities.embeddings; // false */
  readonly capabilities: AdapterCapabilities = ANTHROPIC_CAPABILITIES;
  readonly #transport: AnthropicTransportConfig;
  readonly #defaultMaxTokens: number | undefined;
  readonly #cacheSystemPrompt: boolean;

  constructor(options: AnthropicAdapterOptions = {}) {
    this.id = options.providerId ?? 'anthropic';
    const base = (options.baseURL ?? ANTHROPIC_BASE_URL).replace(/\/+$/, '');
    this.#transport = {
      providerId: this.id,
      url: `${base}/v1/messages`,
      anthropicVersion: options.anthropicVersion ?? ANTHROPIC_VERSION,
      headers: userHeaders(options.headers),
      timeoutMs: options.timeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      limits: options.limits,
      fetch: options.fetch,
    };
    this.#defaultMaxTokens = options.defaultMaxTokens;
    this.#cacheSystemPrompt = options.cacheSystemPrompt ?? false;
  }

  /** One Messages API call. Throws a classified {@link RouterError} on any failure. */
  async execute(call: AdapterCall): Promise<AdapterResponse> {
    const body = this.#body(call, false);
    const exchange = await postMessages(this.#transport, call, body);
    const { response } = exchange;
    let text: string;
    try {
      text = await readCapped(this.#transport, exchange, call);
    } finally {
      exchange.callSignal.dispose();
    }
    let parsed: unknown;
    try {
      // A body echoing the key (some gateways do) must not leak it through `raw`.
      parsed = JSON.parse(
        call.apiKey !== '' && text.includes(call.apiKey) ? scrubSecret(text, call.apiKey) : text,
      );
    } catch (cause) {
      throw new RouterError('provider', `${this.id} answered 200 with a body that is not JSON`, {
        providerId: this.id,
        status: response.status,
        code: 'malformed_response',
        cause,
      });
    }
    if ((parsed as { type?: unknown } | null)?.type === 'error') {
      // Some gateways in front of Anthropic answer 200 with an error body: it is that error.
      throw classifyAnthropicError(readAnthropicError(parsed), {
        providerId: this.id,
        now: call.clock.now(),
        status: response.status,
        headers: response.headers,
        secret: call.apiKey,
      });
    }
    const result = fromAnthropicResponse(parsed, {
      providerId: this.id,
      responseToolName: responseToolName(call.intent),
    });
    result.rateLimits = this.parseRateLimits(response.headers, call.clock.now());
    const requestId = response.headers.get('request-id');
    if (requestId !== null) result.providerRequestId = scrubSecret(requestId, call.apiKey);
    return result;
  }

  /** A streamed call: resolves once Anthropic accepted it (2xx); stream errors are thrown by `parts`. */
  async stream(call: AdapterCall): Promise<AdapterStream> {
    const body = this.#body(call, true);
    const { response, callSignal } = await postMessages(this.#transport, call, body);
    if (response.body === null) {
      callSignal.dispose();
      throw new RouterError('provider', `${this.id} answered a stream request without a body`, {
        providerId: this.id,
        status: response.status,
        code: 'empty_stream',
      });
    }
    const decoder = new AnthropicStreamDecoder({
      providerId: this.id,
      responseToolName: responseToolName(call.intent),
      secret: call.apiKey,
      now: () => call.clock.now(),
    });
    const stream: AdapterStream = {
      rateLimits: this.parseRateLimits(response.headers, call.clock.now()),
      parts: readStream(response.body, anthropicStreamDecoder(decoder), {
        providerId: this.id,
        callSignal,
        parentSignal: call.signal,
        limits: this.#transport.limits,
      }),
    };
    const requestId = response.headers.get('request-id');
    if (requestId !== null) stream.providerRequestId = scrubSecret(requestId, call.apiKey);
    return stream;
  }

  /** Parses `anthropic-ratelimit-*` and retry-after headers; resets are absolute RFC 3339 instants. */
  parseRateLimits(headers: Headers, now: number): RateLimitObservation {
    return parseAnthropicRateLimits(headers, now);
  }

  /** Classifies anything thrown around a call; RouterErrors pass through unchanged. */
  classifyError(error: unknown, context: ClassifyContext): RouterError {
    if (RouterError.isInstance(error)) return error;
    if (error instanceof SyntaxError) {
      return new RouterError('provider', `${context.providerId} sent a body that could not be parsed`, {
        providerId: context.providerId,
        code: 'malformed_response',
        cause: error,
      });
    }
    return toRouterError(error, { providerId: context.providerId });
  }

  #body(call: AdapterCall, stream: boolean) {
    return toAnthropicRequest(call.intent, call.model, {
      defaultMaxTokens: this.#defaultMaxTokens,
      stream,
      cacheSystemPrompt: this.#cacheSystemPrompt,
    });
  }
}
