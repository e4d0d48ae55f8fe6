import type { BodyLimits } from '@apikeyrouter/provider';

/**
 * Options of {@link OllamaAdapter}.
 *
 * @example
 * ```ts
 * const options: OllamaAdapterOptions = { baseURL: 'gpu-box:11434', keepAlive: '10m', timeoutMs: 120_000 };
 * await router.registerProvider('ollama', new OllamaAdapter(options));
 * ```
 */
export interface OllamaAdapterOptions {
  /**
   * Where Ollama listens. Default: `process.env.OLLAMA_BASE_URL`, else `http://localhost:11434`, read once when
   * the adapter is constructed. A value without a scheme (`gpu-box:11434`) gets `http://`.
   */
  baseURL?: string;
  /** Extra headers on every request (e.g. for a proxy). An `authorization` here is replaced when a key is set. */
  headers?: Readonly<Record<string, string>>;
  /** Whole-call timeout in ms, measured on the router's clock; covers the whole call including the body. */
  timeoutMs?: number;
  /** Longest silence between stream lines in ms, once streaming. Default: none. */
  idleTimeoutMs?: number;
  /** Response size caps (kit `BodyLimits`; defaults 32 MiB body, 1 MiB line, 256 MiB stream). */
  limits?: BodyLimits;
  /** Ollama's `keep_alive` for every call: how long the model stays loaded (`'5m'`, seconds, `-1` forever). */
  keepAlive?: string | number;
  /** Provider id this adapter reports. Default `ollama`. */
  providerId?: string;
  /** A fetch implementation (tests, custom agents). Default: the global `fetch` (keeps connections alive). */
  fetch?: typeof fetch;
}

/**
 * Ollama's default address.
 *
 * @example
 * new OllamaAdapter().baseURL === DEFAULT_OLLAMA_BASE_URL; // true when OLLAMA_BASE_URL is unset
 */
export const DEFAULT_OLLAMA_BASE_URL = 'http://localhost:11434';

/**
 * The base URL to use: explicit option, then `OLLAMA_BASE_URL`, then the default; trailing slashes removed.
 *
 * @example
 * resolveOllamaBaseURL(undefined, {}); // 'http://localhost:11434'
 * resolveOllamaBaseURL('gpu-box:11434/', {}); // 'http://gpu-box:11434'
 */
export function resolveOllamaBaseURL(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const fromEnv = env.OLLAMA_BASE_URL?.trim();
  const chosen = explicit?.trim() || fromEnv || DEFAULT_OLLAMA_BASE_URL;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(chosen) ? chosen : `http://${chosen}`;
  return withScheme.replace(/\/+$/, '');
}
