import { startAnthropicFakeServer } from './anthropic/index.js';
import type { FakeFlavor, FakeProvider, FakeProviderOptions } from './fake-provider.js';
import { startGeminiFakeServer } from './gemini/index.js';
import { startOllamaFakeServer } from './ollama/index.js';
import { startOpenAIFakeServer } from './openai/index.js';

/**
 * Options of {@link startFakeProvider}: the shared options plus the wire format to speak.
 *
 * @example
 * ```ts
 * const options: StartFakeProviderOptions = {
 *   flavor: 'gemini',
 *   keys: { 'AIza-a': { rpm: 15, rpd: 1500 } },
 *   clock: new VirtualClock(),
 * };
 * const gemini = await startFakeProvider(options);
 * ```
 */
export interface StartFakeProviderOptions extends Partial<FakeProviderOptions> {
  /** Wire format: `openai`, `anthropic`, `gemini` or `ollama`. */
  flavor: FakeFlavor;
  /** Seed for anything random the simulation does (reserved; current fakes are deterministic). */
  seed?: number;
}

/**
 * Starts a simulated provider on 127.0.0.1 (port 0) that speaks the flavor's wire format — auth, rate-limit
 * headers, error bodies, SSE or NDJSON streams — enforces hidden per-key limits and injects scripted faults.
 *
 * @example
 * const openai = await startFakeProvider({ flavor: 'openai', keys: { 'sk-test-1': { rpm: 60 } } });
 * const adapter = new OpenAIAdapter({ baseURL: `${openai.url}/v1` });
 * // … later
 * console.log(openai.stats()); await openai.close();
 */
export async function startFakeProvider(options: StartFakeProviderOptions): Promise<FakeProvider> {
  const { flavor, seed: _seed, ...rest } = options;
  const shared: FakeProviderOptions = { keys: {}, ...rest };
  switch (flavor) {
    case 'openai':
      return startOpenAIFakeServer(shared);
    case 'anthropic':
      return startAnthropicFakeServer(shared);
    case 'gemini':
      return startGeminiFakeServer(shared);
    case 'ollama':
      return startOllamaFakeServer(shared);
    default:
      throw new TypeError(`Unknown fake provider flavor "${String(flavor)}"`);
  }
}
