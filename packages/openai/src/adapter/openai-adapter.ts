import {
  type AdapterCall,
  type AdapterCapabilities,
  type AdapterResponse,
  type AdapterStream,
  type CallSignal,
  type ClassifyContext,
  type Clock,
  createCallSignal,
  type EmbedCall,
  type EmbedResponse,
  type ProviderAdapter,
  type RateLimitObservation,
  type RouterError,
  readStream,
  resolveBodyLimits,
  systemClock,
} from '@apikeyrouter/provider';
import { fromOpenAIEmbeddings } from '../embeddings/from-openai-embeddings.js';
import { fromOpenAIModels, type OpenAIModelInfo } from '../models/from-openai-models.js';
import { parseOpenAIRateLimits, type RateLimitDialect } from '../rate-limits/parse-openai-rate-limits.js';
import type { OpenAICompat } from '../request/openai-compat.js';
import { toOpenAIRequest } from '../request/to-openai-request.js';
import { fromOpenAIResponse } from '../response/from-openai-response.js';
import { OpenAIStreamDecoder } from '../stream/openai-stream-decoder.js';
import { partsFromResponse } from '../stream/parts-from-response.js';
import { classifyAnyError } from './classify-any-error.js';
import type { OpenAIAdapterOptions, OpenAIRoute } from './openai-adapter-options.js';
import { OPENAI_CAPABILITIES } from './openai-capabilities.js';
import { type OpenAIExchange, readOpenAIJson, sendOpenAIRequest, toRouterError } from './openai-http.js';
import { openAIRequestHeaders } from './openai-request-headers.js';

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

interface CallBasics {
  apiKey: string;
  signal: AbortSignal;
  requestId: string;
  clock: Clock;
}

async function* iterate<T>(items: readonly T[]): AsyncGenerator<T, void, undefined> {
  yield* items;
}

/**
 * Adapter for OpenAI's chat completions, embeddings and model list, and for every server that imitates them
 * (see the presets: `groq()`, `mistral()`, `vllm()`, `azureOpenAI()` …). Speaks HTTP with `fetch`, parses
 * `x-ratelimit-*` headers, classifies every OpenAI error and never lets key material into an error.
 *
 * @example
 * const adapter = new OpenAIAdapter({ timeoutMs: 60_000 });
 * await router.registerProvider('openai', adapter);
 */
export class OpenAIAdapter implements ProviderAdapter {
  /** The adapter contract version implemented. */
  readonly specificationVersion = 'v1' as const;
  /**
   * Provider id (default `openai`).
   * @example adapter.id; // 'openai'
   */
  readonly id: string;
  /**
   * What this provider (and each model) supports.
   * @example adapter.capabilities.models; // ['gpt-4o*', …]
   */
  readonly capabilities: AdapterCapabilities;
  /**
   * API root the adapter calls, without a trailing slash.
   * @example adapter.baseURL; // 'https://api.openai.com/v1'
   */
  readonly baseURL: string;
  readonly #options: OpenAIAdapterOptions;
  /** Undefined: the kit's client for whole bodies, the platform fetch for streams. */
  readonly #fetch: typeof fetch | undefined;
  readonly #dialect: RateLimitDialect;
  readonly #compat: OpenAICompat;

  constructor(options: OpenAIAdapterOptions = {}) {
    this.#options = options;
    this.id = options.providerId ?? 'openai';
    this.capabilities = options.capabilities ?? OPENAI_CAPABILITIES;
    this.baseURL = (options.baseURL ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.#fetch = options.fetch;
    this.#dialect = options.rateLimitDialect ?? 'openai';
    this.#compat = options.compat ?? {};
  }

  async execute(call: AdapterCall): Promise<AdapterResponse> {
    const body = JSON.stringify(toOpenAIRequest(call.intent, call.model, { compat: this.#compat }));
    const callSignal = createCallSignal(call.signal, this.#timeouts(), call.clock);
    const exchange = this.#exchange('chat/completions', call.model, call, callSignal, body, false);
    try {
      const response = await sendOpenAIRequest(exchange);
      const parsed = await readOpenAIJson(response, exchange);
      const result = fromOpenAIResponse(parsed, { providerId: this.id, model: call.model });
      this.#annotate(result, response.headers, call.clock);
      return result;
    } catch (error) {
      throw toRouterError(error, exchange);
    } finally {
      callSignal.dispose();
    }
  }

  async stream(call: AdapterCall): Promise<AdapterStream> {
    const body = JSON.stringify(
      toOpenAIRequest(call.intent, call.model, { compat: this.#compat, stream: true }),
    );
    const idle = createCallSignal(call.signal, this.#timeouts(), call.clock);
    const exchange = this.#exchange('chat/completions', call.model, call, idle, body, true);
    let response: Response;
    try {
      response = await sendOpenAIRequest(exchange);
    } catch (error) {
      idle.dispose();
      throw toRouterError(error, exchange);
    }
    const rateLimits = this.parseRateLimits(response.headers, call.clock.now());
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const contentType = response.headers.get('content-type') ?? '';
    if (!response.body || contentType.includes('application/json')) {
      // The server ignored `stream: true` (or sent an error object with 200): treat it as a whole answer.
      try {
        const parsed = await readOpenAIJson(response, exchange);
        const whole = fromOpenAIResponse(parsed, { providerId: this.id, model: call.model });
        return { rateLimits, providerRequestId: requestId, parts: iterate(partsFromResponse(whole)) };
      } catch (error) {
        throw toRouterError(error, exchange);
      } finally {
        idle.dispose();
      }
    }
    const decoder = new OpenAIStreamDecoder({
      providerId: this.id,
      apiKey: call.apiKey,
      now: () => call.clock.now(),
    });
    const parts = readStream(response.body, decoder, {
      providerId: this.id,
      callSignal: idle,
      parentSignal: call.signal,
      limits: this.#options.limits,
    });
    return { rateLimits, providerRequestId: requestId, parts };
  }

  async embed(call: EmbedCall): Promise<EmbedResponse> {
    const body = JSON.stringify({ model: call.model, input: call.input, encoding_format: 'float' });
    const callSignal = createCallSignal(call.signal, this.#timeouts(), call.clock);
    const exchange = this.#exchange('embeddings', call.model, call, callSignal, body, false);
    try {
      const response = await sendOpenAIRequest(exchange);
      const parsed = await readOpenAIJson(response, exchange);
      const read = fromOpenAIEmbeddings(parsed, {
        providerId: this.id,
        model: call.model,
        expected: call.input.length,
      });
      return {
        embeddings: read.embeddings,
        usage: { inputTokens: read.inputTokens },
        model: read.model,
        rateLimits: this.parseRateLimits(response.headers, call.clock.now()),
        raw: parsed,
      };
    } catch (error) {
      throw toRouterError(error, exchange);
    } finally {
      callSignal.dispose();
    }
  }

  /**
   * Lists the models the key can use (`GET /models`).
   *
   * @example
   * const models = await adapter.listModels({ apiKey: 'sk-…' });
   * models.map((m) => m.id); // ['gpt-4o-mini', …]
   */
  async listModels(options: {
    apiKey: string;
    signal?: AbortSignal;
    clock?: Clock;
  }): Promise<OpenAIModelInfo[]> {
    const clock = options.clock ?? systemClock;
    const basics: CallBasics = {
      apiKey: options.apiKey,
      signal: options.signal ?? new AbortController().signal,
      requestId: '',
      clock,
    };
    const callSignal = createCallSignal(basics.signal, this.#timeouts(), clock);
    const exchange = this.#exchange('models', undefined, basics, callSignal, undefined, false);
    try {
      const response = await sendOpenAIRequest(exchange);
      return fromOpenAIModels(await readOpenAIJson(response, exchange));
    } catch (error) {
      throw toRouterError(error, exchange);
    } finally {
      callSignal.dispose();
    }
  }

  parseRateLimits(headers: Headers, now: number): RateLimitObservation {
    return parseOpenAIRateLimits(headers, now, this.#dialect);
  }

  classifyError(error: unknown, context: ClassifyContext): RouterError {
    return classifyAnyError(error, context, this.#dialect);
  }

  #timeouts() {
    return { timeoutMs: this.#options.timeoutMs, idleTimeoutMs: this.#options.idleTimeoutMs };
  }

  #annotate(result: AdapterResponse, headers: Headers, clock: Clock): void {
    result.rateLimits = this.parseRateLimits(headers, clock.now());
    const requestId = headers.get('x-request-id');
    if (requestId) result.providerRequestId = requestId;
  }

  #exchange(
    route: OpenAIRoute,
    model: string | undefined,
    call: CallBasics,
    callSignal: CallSignal,
    body: string | undefined,
    stream: boolean,
  ): OpenAIExchange {
    const options = this.#options;
    const headers = openAIRequestHeaders(options, {
      apiKey: call.apiKey,
      requestId: call.requestId,
      stream,
      hasBody: body !== undefined,
    });
    const maxResponseBytes = resolveBodyLimits(options.limits).maxResponseBytes;
    return {
      providerId: this.id,
      fetch: this.#fetch,
      wholeBodyMaxBytes: stream ? undefined : maxResponseBytes,
      url: options.url ? options.url(route, model) : `${this.baseURL}/${route}`,
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body,
      apiKey: call.apiKey,
      parentSignal: call.signal,
      callSignal,
      clock: call.clock,
      dialect: this.#dialect,
      maxResponseBytes,
    };
  }
}
