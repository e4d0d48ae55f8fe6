import type { Clock } from '@apikeyrouter/core';
import type { FaultScript, FaultSpec } from './fault-script.js';
import type { FakeKeySpec } from './key-gate.js';
import type { KeyStats } from './provider-stats.js';

/** Wire formats the simulated HTTP providers speak. */
export type FakeFlavor = 'openai' | 'anthropic' | 'gemini' | 'ollama';

/** Options shared by every simulated HTTP provider. */
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

/** A running simulated provider. */
export interface FakeProvider {
  /** Base URL to point the adapter at (no trailing slash, no version path). */
  url: string;
  /** The fault script; add faults while running. */
  faults: FaultScript;
  /** Per-key counters by label. */
  stats(): Record<string, KeyStats>;
  /** Stops the server. */
  close(): Promise<void>;
}
