import type { FakeProvider, FakeProviderOptions } from '../fake-provider.js';

/**
 * Which OpenAI-style server to imitate.
 * - `openai`: api.openai.com (`/v1/...`, Bearer auth, Go-duration resets).
 * - `groq`: same wire, but `x-ratelimit-*-requests` describe the **per-day** request limit.
 * - `azure`: `/openai/deployments/{deployment}/...?api-version=…`, `api-key` header, Azure error bodies,
 *   integer-second resets (`-1` when a window is idle), `retry-after-ms` on 429.
 *
 * @example
 * ```ts
 * const flavor: OpenAIFakeFlavor = 'groq'; // x-ratelimit-*-requests describe the per-day limit
 * const groq = await startOpenAIFakeServer({ flavor, keys: { 'gsk-a': { rpd: 14_400 } } });
 * ```
 */
export type OpenAIFakeFlavor = 'openai' | 'groq' | 'azure';

/**
 * Options of the simulated OpenAI-style server.
 *
 * @example
 * ```ts
 * const options: OpenAIFakeOptions = {
 *   flavor: 'azure',
 *   keys: { 'azure-key': { rpm: 5, tpm: 100 } },
 *   echoKey: 'full',
 *   chunkDelayMs: 5,
 * };
 * const azure = await startOpenAIFakeServer(options);
 * ```
 */
export interface OpenAIFakeOptions extends FakeProviderOptions {
  /**
   * Server to imitate. Default `openai`.
   * @example 'azure'
   */
  flavor?: OpenAIFakeFlavor;
  /**
   * How the 401 message echoes an unknown key: masked like OpenAI (`sk-abc12***wxyz`, default) or in full,
   * the worst case some compatible servers show — useful to prove clients scrub it.
   * @example 'full'
   */
  echoKey?: 'masked' | 'full';
  /**
   * Delay between stream chunks in ms, on the provider's clock. Default 0.
   * @example 5
   */
  chunkDelayMs?: number;
}

/**
 * One request as the fake received it (auth headers removed).
 *
 * @example
 * ```ts
 * const log: OpenAIFakeRequestLog | undefined = fake.received().at(-1);
 * expect(log?.headers.authorization).toBeUndefined(); // key material never recorded
 * expect((log?.body as { model?: string } | undefined)?.model).toBe('gpt-4o-mini');
 * ```
 */
export interface OpenAIFakeRequestLog {
  /**
   * HTTP method.
   * @example 'POST'
   */
  method: string;
  /**
   * Path without query.
   * @example '/v1/chat/completions'
   */
  path: string;
  /**
   * Query string parameters.
   * @example { 'api-version': '2024-10-21' }
   */
  query: Record<string, string>;
  /**
   * Headers without `authorization` and `api-key`.
   * @example { 'content-type': 'application/json' }
   */
  headers: Record<string, string>;
  /**
   * Parsed JSON body.
   * @example { model: 'gpt-4o-mini', messages: [] }
   */
  body: unknown;
}

/**
 * The running fake, with extras for tests.
 *
 * @example
 * ```ts
 * const fake: OpenAIFakeProvider = await startOpenAIFakeServer({ keys: { 'sk-a': { rpm: 60 } } });
 * const adapter = new OpenAIAdapter({ baseURL: `${fake.url}/v1` });
 * // … route a request, then:
 * fake.received().at(-1)?.path; // '/v1/chat/completions'
 * fake.activeStreams(); // 0
 * ```
 */
export interface OpenAIFakeProvider extends FakeProvider {
  /**
   * Requests received so far (latest last, at most 200), without key material.
   * @example fake.received().at(-1)?.body
   */
  received(): OpenAIFakeRequestLog[];
  /**
   * Streams still being written (drops when a client disconnects).
   * @example fake.activeStreams(); // 0
   */
  activeStreams(): number;
}
