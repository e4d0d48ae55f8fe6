import type { FakeProvider, FakeProviderOptions } from '../fake-provider.js';

/**
 * Options of the simulated Gemini, beyond the shared ones.
 *
 * @example
 * const fake = await startGeminiFakeServer({ keys: { 'AIza-a': { rpm: 15 } }, streamChunkDelayMs: 100, clock });
 */
export interface GeminiFakeOptions extends FakeProviderOptions {
  /** Pause between stream chunks on the clock (lets tests act mid-stream on a VirtualClock). Default 0. */
  streamChunkDelayMs?: number;
  /** Prompts whose last user text contains this are refused with `promptFeedback.blockReason: SAFETY`. */
  blockPromptsContaining?: string;
  /** Length of the fake embedding vectors. Default 8. */
  embeddingDimensions?: number;
}

/**
 * One request as the simulated Gemini received it (key material left out).
 *
 * @example
 * ```ts
 * const fake = await startGeminiFakeServer({ keys: { 'AIza-a': {} } });
 * // … send a request through a GeminiAdapter pointed at fake.url, then:
 * const log: GeminiRequestLog | undefined = fake.requests().at(-1);
 * log?.keySource; // 'header': the key went in x-goog-api-key, not in the URL
 * ```
 */
export interface GeminiRequestLog {
  /** Path, e.g. `/v1beta/models/gemini-2.0-flash:generateContent`. */
  path: string;
  /** Query string parameters other than `key`. */
  query: Record<string, string>;
  /** Parsed JSON body. */
  body: unknown;
  /** Label of the key used; `unknown` for unknown or missing keys. */
  keyLabel: string;
  /** Where the key came from: the `x-goog-api-key` header, the `key` query parameter, or nowhere. */
  keySource: 'header' | 'query' | 'none';
}

/**
 * A running simulated Gemini, with extra introspection for tests.
 *
 * @example
 * fake.requests().at(-1)?.body; // the last generateContent body the adapter sent
 */
export interface GeminiFakeProvider extends FakeProvider {
  /** Every request received, oldest first (key material left out). */
  requests(): GeminiRequestLog[];
  /** Streams the client abandoned before their end (the connection closed mid-stream). */
  cancelledStreams(): number;
}
