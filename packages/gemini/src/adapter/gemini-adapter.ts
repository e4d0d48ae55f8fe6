import {
  type AdapterCall,
  type AdapterCapabilities,
  type AdapterResponse,
  type AdapterStream,
  type ClassifyContext,
  type EmbedCall,
  type EmbedResponse,
  type ProviderAdapter,
  parseRetryAfter,
  type RateLimitObservation,
  RouterError,
  readStream,
} from '@apikeyrouter/provider';
import {
  estimateEmbeddingTokens,
  fromGeminiEmbedResponse,
  toGeminiEmbedRequest,
} from '../embed/gemini-embeddings.js';
import {
  type GeminiCallInput,
  type GeminiHttpConfig,
  postToGemini,
  readJsonBody,
  transportFailure,
} from '../http/gemini-http.js';
import { geminiModelPath } from '../request/model-path.js';
import { estimateInputTokens, toGeminiRequest } from '../request/to-gemini-request.js';
import { fromGeminiResponse } from '../response/from-gemini-response.js';
import { GeminiStreamParser } from '../stream/gemini-stream-parser.js';
import { GEMINI_DEFAULT_BASE_URL, type GeminiAdapterOptions } from './gemini-adapter-options.js';
import { GEMINI_CAPABILITIES } from './gemini-capabilities.js';

/**
 * Google Gemini (`generateContent`, `streamGenerateContent?alt=sse`, `batchEmbedContents`) behind the
 * router's {@link ProviderAdapter} contract. Uses fetch, not an SDK; the key travels only in `x-goog-api-key`.
 *
 * @example
 * await router.registerProvider('gemini', new GeminiAdapter({ timeoutMs: 60_000 }));
 * await router.registerKey(process.env.GEMINI_API_KEY!, 'gemini', { limits: { rpm: 15 } });
 * const res = await router.route({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }, 'cost');
 */
export class GeminiAdapter implements ProviderAdapter {
  /** The adapter contract version implemented. */
  readonly specificationVersion = 'v1' as const;
  /** Provider id, `gemini` unless configured. */
  readonly id: string;
  /** What Gemini supports, per model family. */
  readonly capabilities: AdapterCapabilities = GEMINI_CAPABILITIES;
  readonly #http: GeminiHttpConfig;

  constructor(options: GeminiAdapterOptions = {}) {
    this.id = options.providerId ?? 'gemini';
    this.#http = {
      baseURL: (options.baseURL ?? GEMINI_DEFAULT_BASE_URL).replace(/\/+$/, ''),
      apiVersion: options.apiVersion ?? 'v1beta',
      headers: { ...options.headers },
      timeoutMs: options.timeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      limits: options.limits,
      providerId: this.id,
      fetch: options.fetch,
    };
  }

  /** One `generateContent` call. */
  async execute(call: AdapterCall): Promise<AdapterResponse> {
    const request = toGeminiRequest(call.intent, call.model, this.id);
    const input = this.#input(call, () => estimateInputTokens(request));
    const path = `${geminiModelPath(call.model)}:generateContent`;
    const open = await postToGemini(this.#http, path, JSON.stringify(request), input);
    const body = await readJsonBody(open, this.#http, input);
    const response = fromGeminiResponse(body, call.model, this.id);
    response.rateLimits = this.parseRateLimits(open.response.headers, call.clock.now());
    return response;
  }

  /** One `streamGenerateContent?alt=sse` call; resolves once Gemini answered 200. */
  async stream(call: AdapterCall): Promise<AdapterStream> {
    const request = toGeminiRequest(call.intent, call.model, this.id);
    const input = this.#input(call, () => estimateInputTokens(request));
    const path = `${geminiModelPath(call.model)}:streamGenerateContent?alt=sse`;
    const open = await postToGemini(this.#http, path, JSON.stringify(request), input);
    const { response, callSignal } = open;
    if (!response.body) {
      callSignal.dispose();
      throw new RouterError('provider', 'Gemini answered the stream without a body', {
        providerId: this.id,
        code: 'malformed_stream',
      });
    }
    const parser = new GeminiStreamParser({
      providerId: this.id,
      apiKey: call.apiKey,
      now: () => call.clock.now(),
    });
    return {
      rateLimits: this.parseRateLimits(response.headers, call.clock.now()),
      parts: readStream(
        response.body,
        { feedBytes: (bytes) => parser.push(bytes), end: () => parser.end() },
        { providerId: this.id, callSignal, parentSignal: call.signal, limits: this.#http.limits },
      ),
    };
  }

  /** Embeddings through `batchEmbedContents`, one vector per input. */
  async embed(call: EmbedCall): Promise<EmbedResponse> {
    const modelPath = geminiModelPath(call.model);
    const body = JSON.stringify(toGeminiEmbedRequest(modelPath, call.input));
    const input = this.#input(call, () => estimateEmbeddingTokens(call.input));
    const open = await postToGemini(this.#http, `${modelPath}:batchEmbedContents`, body, input);
    const raw = await readJsonBody(open, this.#http, input);
    return {
      embeddings: fromGeminiEmbedResponse(raw, call.input.length, this.id),
      usage: { inputTokens: estimateEmbeddingTokens(call.input) },
      model: call.model,
      rateLimits: this.parseRateLimits(open.response.headers, call.clock.now()),
      raw,
    };
  }

  /**
   * Gemini sends no rate-limit headers, so this is empty unless a proxy added `retry-after(-ms)`. Quota facts
   * arrive in 429 bodies instead and are attached to the thrown error.
   */
  parseRateLimits(headers: Headers, now: number): RateLimitObservation {
    const retryAfterMs = parseRetryAfter(headers, now);
    return retryAfterMs === undefined ? { dimensions: [] } : { dimensions: [], retryAfterMs };
  }

  /** Anything thrown during a call as a RouterError (RouterErrors pass through unchanged). */
  classifyError(error: unknown, context: ClassifyContext): RouterError {
    return transportFailure(error, { timedOut: false, aborted: false }, context.providerId);
  }

  #input(
    call: { apiKey: string; signal: AbortSignal; clock: AdapterCall['clock'] },
    estimate: () => number,
  ): GeminiCallInput {
    return { apiKey: call.apiKey, signal: call.signal, clock: call.clock, estimateInputTokens: estimate };
  }
}
