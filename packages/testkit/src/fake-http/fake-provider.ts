import type { Clock } from '@apikeyrouter/core';
import type { FaultScript, FaultSpec } from './fault-script.js';
import type { FakeKeySpec } from './key-gate.js';
import type { UpstreamKeyStats } from './provider-stats.js';

/**
 * Wire formats the simulated HTTP providers speak.
 *
 * @example
 * ```ts
 * const flavors: FakeFlavor[] = ['openai', 'anthropic', 'gemini', 'ollama'];
 * for (const flavor of flavors) {
 *   const fake = await startFakeProvider({ flavor, keys: { 'sk-test': { rpm: 60 } } });
 *   await fake.close();
 * }
 * ```
 */
export type FakeFlavor = 'openai' | 'anthropic' | 'gemini' | 'ollama';

/**
 * Options shared by every simulated HTTP provider.
 *
 * @example
 * ```ts
 * const options: FakeProviderOptions = {
 *   keys: { 'sk-a': { rpm: 60, label: 'a' }, 'sk-b': { billingExhausted: true, label: 'b' } },
 *   faults: [{ kind: 'server_error', times: 2 }],
 *   models: ['gpt-4o-mini'],
 *   clock: new VirtualClock(),
 * };
 * const fake = await startOpenAIFakeServer(options);
 * ```
 */
export interface FakeProviderOptions {
  /** Known keys by material, with their hidden limits. Requests with other keys get the flavor's 401. */
  keys: Readonly<Record<string, FakeKeySpec>>;
  /** Scripted faults, consumed in order. */
  faults?: readonly FaultSpec[];
  /** Models the provider serves; others get the flavor's 404. Default: any model. */
  models?: readonly string[];
  /** Clock for limits, latency and reset headers. Default: the system clock. */
  clock?: Clock;
}

/**
 * A running simulated provider.
 *
 * @example
 * ```ts
 * const fake: FakeProvider = await startFakeProvider({ flavor: 'anthropic', keys: { 'sk-ant-a': { rpm: 50 } } });
 * const adapter = new AnthropicAdapter({ baseURL: fake.url });
 * fake.faults.add({ kind: 'overloaded' }); // the next request gets a 529
 * // … route some requests, then:
 * fake.stats()['key-0']?.successes;
 * await fake.close();
 * ```
 */
export interface FakeProvider {
  /** Base URL to point the adapter at (no trailing slash, no version path). */
  url: string;
  /** The fault script; add faults while running. */
  faults: FaultScript;
  /** Per-key counters by label. */
  stats(): Record<string, UpstreamKeyStats>;
  /** Stops the server. */
  close(): Promise<void>;
}
