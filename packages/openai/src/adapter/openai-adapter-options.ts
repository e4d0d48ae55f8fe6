import type { AdapterCapabilities, BodyLimits } from '@apikeyrouter/provider';
import type { RateLimitDialect } from '../rate-limits/parse-openai-rate-limits.js';
import type { OpenAICompat } from '../request/openai-compat.js';

/**
 * The endpoints the adapter calls, relative to the API root.
 *
 * @example
 * ```ts
 * // A gateway that serves each route under its own path prefix:
 * const adapter = new OpenAIAdapter({
 *   url: (route: OpenAIRoute, model) => `https://llm-proxy.internal/${route}${model ? `?model=${model}` : ''}`,
 * });
 * ```
 */
export type OpenAIRoute = 'chat/completions' | 'embeddings' | 'models';

/**
 * Options of {@link OpenAIAdapter}. Presets (`groq()`, `azureOpenAI()` …) fill these in.
 *
 * @example
 * ```ts
 * const options: OpenAIAdapterOptions = {
 *   baseURL: 'https://api.openai.com/v1',
 *   organization: 'org-123',
 *   timeoutMs: 120_000,
 *   idleTimeoutMs: 30_000,
 *   limits: { maxResponseBytes: 8 * 1024 * 1024 },
 * };
 * await router.registerProvider('openai', new OpenAIAdapter(options));
 * ```
 */
export interface OpenAIAdapterOptions {
  /**
   * API root including the version path. Default `https://api.openai.com/v1`.
   * @example 'http://127.0.0.1:8080/v1'
   */
  baseURL?: string;
  /**
   * Sent as `OpenAI-Organization`.
   * @example 'org-123'
   */
  organization?: string;
  /**
   * Sent as `OpenAI-Project`.
   * @example 'proj_abc'
   */
  project?: string;
  /**
   * Extra headers on every request (they win over the adapter's own, except auth).
   * @example { 'HTTP-Referer': 'https://example.com' }
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * Whole-call timeout in ms (headers and body, streams included), on the call's clock. Default: none
   * (the router's deadline only).
   * @example 120_000
   */
  timeoutMs?: number;
  /**
   * Longest silence between stream chunks in ms, once the stream has started. Default: none.
   * @example 30_000
   */
  idleTimeoutMs?: number;
  /**
   * Response size caps (see the kit's `BodyLimits`; defaults 32 MiB body, 1 MiB stream line, 256 MiB stream).
   * @example { maxResponseBytes: 8 * 1024 * 1024 }
   */
  limits?: BodyLimits;
  /**
   * Provider id the adapter reports. Default `openai`.
   * @example 'openai-eu'
   */
  providerId?: string;
  /**
   * `fetch` implementation (tests, proxies). Default: the global one, which keeps connections alive.
   * @example undiciFetch
   */
  fetch?: typeof fetch;
  /**
   * Replaces the declared capabilities (presets set the models they serve).
   * @example { ...OPENAI_CAPABILITIES, models: ['my-model'] }
   */
  capabilities?: AdapterCapabilities;
  /**
   * How to read `x-ratelimit-*` headers. Default `openai`.
   * @example 'groq'
   */
  rateLimitDialect?: RateLimitDialect;
  /**
   * Request-body differences of compatible servers.
   * @example { toolChoice: false }
   */
  compat?: OpenAICompat;
  /**
   * How the key is sent: `Authorization: Bearer` (default) or Azure's `api-key` header. Empty keys
   * (local servers) send no auth header at all.
   * @example 'api-key'
   */
  auth?: 'bearer' | 'api-key';
  /**
   * Builds the URL of a route for a model (Azure puts deployments in the path). Default
   * `${baseURL}/${route}`.
   * @example (route, model) => `${root}/openai/deployments/${model}/${route}?api-version=2024-10-21`
   */
  url?: (route: OpenAIRoute, model: string | undefined) => string;
}
