import type { FakeProvider, FakeProviderOptions } from '../fake-provider.js';
import type { FakeKeySpec } from '../key-gate.js';

/**
 * Options of the simulated Ollama: the shared options, with keys optional (plain Ollama has none).
 *
 * @example
 * ```ts
 * const options: OllamaFakeOptions = { streamLineDelayMs: 50, embeddingDimensions: 768, clock: new VirtualClock() };
 * const ollama = await startOllamaFakeServer(options); // no keys: a bare local Ollama
 * ```
 */
export interface OllamaFakeOptions extends Omit<FakeProviderOptions, 'keys'> {
  /**
   * Keys of an authenticating proxy in front of Ollama (Bearer tokens) with their hidden limits. Empty or
   * omitted: every request is accepted under the stats label `local`, without limits, like a bare Ollama.
   */
  keys?: Readonly<Record<string, FakeKeySpec>>;
  /** Delay between NDJSON lines of a stream, on the clock (0 = write at once). Lets tests act mid-stream. */
  streamLineDelayMs?: number;
  /** Length of the vectors `/api/embed` returns. Default 8. */
  embeddingDimensions?: number;
}

/**
 * What the simulated Ollama saw of one request (never the Authorization header's value).
 *
 * @example
 * ```ts
 * const ollama = await startOllamaFakeServer({ keys: { 'proxy-token': {} } });
 * // … route a request with the key 'proxy-token', then:
 * const seen: OllamaReceivedRequest | undefined = ollama.received().at(-1);
 * seen?.bearer; // true, and seen.headers has no authorization
 * ```
 */
export interface OllamaReceivedRequest {
  /** Request path, e.g. `/api/chat`. */
  path: string;
  /** The parsed JSON body. */
  body: unknown;
  /** Whether a Bearer token was sent. */
  bearer: boolean;
  /** Request headers without `authorization`. */
  headers: Record<string, string>;
}

/**
 * A running simulated Ollama.
 *
 * @example
 * ```ts
 * const ollama: OllamaFakeProvider = await startOllamaFakeServer({});
 * const adapter = new OllamaAdapter({ baseURL: ollama.url });
 * // … route a request, then:
 * ollama.received().at(-1)?.path; // '/api/chat'
 * await ollama.close();
 * ```
 */
export interface OllamaFakeProvider extends FakeProvider {
  /** Requests received so far, oldest first, for asserting what went over the wire. */
  received(): OllamaReceivedRequest[];
}
