import type {
  AdapterCall,
  AdapterCapabilities,
  AdapterResponse,
  AdapterStream,
  ClassifyContext,
  EmbedCall,
  EmbedResponse,
  ProviderAdapter,
  RateLimitObservation,
  RouterError,
} from '@apikeyrouter/provider';
import { OLLAMA_CAPABILITIES } from '../capabilities/ollama-capabilities.js';
import { fromOllamaEmbedResponse, toOllamaEmbedRequest } from '../embed/ollama-embed.js';
import { ollamaError } from '../errors/ollama-error.js';
import { errorField } from '../errors/read-error-message.js';
import { parseOllamaRateLimits } from '../rate-limits/parse-ollama-rate-limits.js';
import { toOllamaRequest } from '../request/to-ollama-request.js';
import { fromOllamaResponse } from '../response/from-ollama-response.js';
import { readOllamaStream } from '../stream/read-ollama-stream.js';
import { type OllamaAdapterOptions, resolveOllamaBaseURL } from './ollama-adapter-options.js';
import { type OllamaHttpSettings, postOllama, readJsonBody, transportError } from './ollama-http.js';

/**
 * ApiKeyRouter adapter for Ollama's native API: `/api/chat` (JSON or NDJSON stream) and `/api/embed`.
 * Ollama needs no key; a non-empty key is sent as `Authorization: Bearer` for an authenticating proxy.
 *
 * @example
 * await router.registerProvider('ollama', new OllamaAdapter({ baseURL: 'http://localhost:11434', keepAlive: '10m' }));
 */
export class OllamaAdapter implements ProviderAdapter {
  /** The adapter contract version implemented. */
  readonly specificationVersion = 'v1' as const;
  /**
   * Provider id, `ollama` unless configured.
   *
   * @example
   * new OllamaAdapter({ providerId: 'gpu-box' }).id; // 'gpu-box'
   */
  readonly id: string;
  /**
   * What Ollama supports (any local model; vision per model family).
   *
   * @example
   * resolveModelCapabilities(adapter.capabilities, 'llava:13b').vision; // true
   */
  readonly capabilities: AdapterCapabilities = OLLAMA_CAPABILITIES;
  /**
   * The base URL in use, resolved once at construction.
   *
   * @example
   * new OllamaAdapter({ baseURL: 'gpu-box:11434/' }).baseURL; // 'http://gpu-box:11434'
   */
  readonly baseURL: string;
  readonly #http: OllamaHttpSettings;
  readonly #keepAlive: string | number | undefined;

  constructor(options: OllamaAdapterOptions = {}) {
    this.id = options.providerId ?? 'ollama';
    this.baseURL = resolveOllamaBaseURL(options.baseURL, process.env);
    this.#keepAlive = options.keepAlive;
    this.#http = {
      providerId: this.id,
      baseURL: this.baseURL,
      headers: { ...options.headers },
      timeoutMs: options.timeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      limits: options.limits,
      fetch: options.fetch,
    };
  }

  /** One chat completion via `POST /api/chat` with `stream: false`. */
  async execute(call: AdapterCall): Promise<AdapterResponse> {
    const body = toOllamaRequest(call.intent, call.model, { stream: false, keepAlive: this.#keepAlive });
    const exchange = await postOllama(this.#http, '/api/chat', JSON.stringify(body), call, false);
    const json = await readJsonBody(exchange, this.#http, call);
    const now = call.clock.now();
    const error = errorField(json);
    if (error !== undefined) {
      throw ollamaError({ providerId: this.id, message: error, now, apiKey: call.apiKey });
    }
    const parsed = fromOllamaResponse(json, call.model, this.id);
    const requestId = exchange.response.headers.get('x-request-id');
    return {
      ...parsed,
      rateLimits: parseOllamaRateLimits(exchange.response.headers, now),
      ...(requestId ? { providerRequestId: requestId } : {}),
    };
  }

  /** A chat completion streamed as NDJSON; resolves once Ollama answered 2xx. */
  async stream(call: AdapterCall): Promise<AdapterStream> {
    const body = toOllamaRequest(call.intent, call.model, { stream: true, keepAlive: this.#keepAlive });
    const exchange = await postOllama(this.#http, '/api/chat', JSON.stringify(body), call, true);
    const { response, callSignal } = exchange;
    const requestId = response.headers.get('x-request-id');
    const rateLimits = parseOllamaRateLimits(response.headers, call.clock.now());
    if (!response.body) {
      callSignal.dispose();
      throw transportError(new Error('stream response has no body'), {
        providerId: this.id,
        timedOut: false,
        aborted: false,
      });
    }
    return {
      rateLimits,
      ...(requestId ? { providerRequestId: requestId } : {}),
      parts: readOllamaStream({
        body: response.body,
        callSignal,
        parentSignal: call.signal,
        providerId: this.id,
        requestedModel: call.model,
        apiKey: call.apiKey,
        now: () => call.clock.now(),
        limits: this.#http.limits,
      }),
    };
  }

  /** Embeddings via `POST /api/embed`. */
  async embed(call: EmbedCall): Promise<EmbedResponse> {
    const body = toOllamaEmbedRequest(call.model, call.input, this.#keepAlive);
    const exchange = await postOllama(this.#http, '/api/embed', JSON.stringify(body), call, false);
    const json = await readJsonBody(exchange, this.#http, call);
    const now = call.clock.now();
    const error = errorField(json);
    if (error !== undefined) {
      throw ollamaError({ providerId: this.id, message: error, now, apiKey: call.apiKey });
    }
    return {
      ...fromOllamaEmbedResponse(json, call.input.length, call.model, this.id),
      rateLimits: parseOllamaRateLimits(exchange.response.headers, now),
    };
  }

  /** Ollama sends no rate-limit headers: no dimensions, only a proxy's `retry-after` when present. */
  parseRateLimits(headers: Headers, now: number): RateLimitObservation {
    return parseOllamaRateLimits(headers, now);
  }

  /** Errors this adapter threw pass through; anything else is classified as a transport or provider failure. */
  classifyError(error: unknown, context: ClassifyContext): RouterError {
    return transportError(error, { providerId: context.providerId, timedOut: false, aborted: false });
  }
}
