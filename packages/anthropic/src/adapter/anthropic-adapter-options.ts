/** The `fetch` the adapter calls; the global one by default. */
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
  /**
   * Timeout in ms on the router's clock. JSON calls: the whole call. Streams: the wait for headers, then each
   * silence between chunks (a long answer that keeps streaming is never cut). Default: none. @example 60_000
   */
  timeoutMs?: number;
  /** `max_tokens` when the intent sets none (Anthropic requires one). Default 4096. @example 1024 */
  defaultMaxTokens?: number;
  /** Provider id (`id` of the adapter, stamped on errors). Default `anthropic`. @example 'anthropic-eu' */
  providerId?: string;
  /** Mark the system prompt as a cacheable prefix (`cache_control: ephemeral`). Default false. @example true */
  cacheSystemPrompt?: boolean;
  /** A `fetch` to use instead of the global one. @example fetch */
  fetch?: FetchFunction;
}
