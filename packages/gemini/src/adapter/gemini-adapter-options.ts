import type { BodyLimits } from '@apikeyrouter/provider';

/**
 * Settings of a {@link GeminiAdapter}.
 *
 * @example
 * const options: GeminiAdapterOptions = { timeoutMs: 60_000, headers: { 'x-goog-user-project': 'my-project' } };
 */
export interface GeminiAdapterOptions {
  /** API origin without version. Default `https://generativelanguage.googleapis.com`. */
  baseURL?: string;
  /** API version path segment. Default `v1beta` (function calling, JSON schema and system instructions). */
  apiVersion?: string;
  /** Extra headers on every request (the key header is set per call and cannot be overridden). */
  headers?: Readonly<Record<string, string>>;
  /** Whole-call timeout in ms, measured on the call's clock; covers a streamed body too. Default: none. */
  timeoutMs?: number;
  /** Longest silence between stream chunks in ms, once streaming. Default: none. */
  idleTimeoutMs?: number;
  /** Response size caps (kit `BodyLimits`; defaults 32 MiB body, 1 MiB line, 256 MiB stream). */
  limits?: BodyLimits;
  /** Provider id reported on errors and used as `adapter.id`. Default `gemini`. */
  providerId?: string;
  /** The fetch implementation. Default: the global fetch (keeps connections alive). */
  fetch?: typeof fetch;
}

/**
 * Where the public Gemini API lives.
 *
 * @example
 * new GeminiAdapter({ baseURL: GEMINI_DEFAULT_BASE_URL });
 */
export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';
