import type { BodyLimits } from '@apikeyrouter/provider';

/**
 * The `fetch` the adapter calls; the global one by default.
 *
 * @example
 * ```ts
 * const timedFetch: FetchFunction = async (input, init) => {
 *   const started = performance.now();
 *   try {
 *     return await fetch(input, init);
 *   } finally {
 *     console.log(`${init.method} ${input} ${Math.round(performance.now() - started)} ms`);
 *   }
 * };
 * ```
 */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Options of `AnthropicAdapter`.
 *
 * @example
 * const options: AnthropicAdapterOptions = { baseURL: 'https://api.anthropic.com', timeoutMs: 60_000 };
 */
export interface AnthropicAdapterOptions {
  /** API origin, without `/v1`. Default `https://api.anthropic.com`. @example 'http://127.0.0.1:8080' */
  baseURL?: string;
  /** `anthropic-version` header. Default `2023-06-01`. @example '2023-06-01' */
  anthropicVersion?: string;
  /** Extra headers on every call (e.g. `anthropic-beta`); cannot replace the key or version. @example { 'anthropic-beta': 'x' } */
  headers?: Readonly<Record<string, string>>;
  /** Whole-call timeout in ms on the router's clock (streams included). Default: none. @example 120_000 */
  timeoutMs?: number;
  /** Longest silence between stream chunks in ms, once streaming. Default: none. @example 30_000 */
  idleTimeoutMs?: number;
  /** Response size caps (kit `BodyLimits`; defaults 32 MiB body, 1 MiB line, 256 MiB stream). @example { maxResponseBytes: 1 << 20 } */
  limits?: BodyLimits;
  /** `max_tokens` when the intent sets none (Anthropic requires one). Default 4096. @example 1024 */
  defaultMaxTokens?: number;
  /** Provider id (`id` of the adapter, stamped on errors). Default `anthropic`. @example 'anthropic-eu' */
  providerId?: string;
  /** Mark the system prompt as a cacheable prefix (`cache_control: ephemeral`). Default false. @example true */
  cacheSystemPrompt?: boolean;
  /** A `fetch` to use instead of the global one. @example fetch */
  fetch?: FetchFunction;
}
