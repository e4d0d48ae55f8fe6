import type { Clock } from '@apikeyrouter/core';
import type { FaultScript } from '../fault-script.js';
import type { GatedKey, KeyGate } from '../key-gate.js';
import type { OllamaFakeOptions, OllamaReceivedRequest } from './ollama-fake-options.js';

/** State shared by the simulated Ollama's handlers. */
export interface OllamaFakeContext {
  /** Keys, limits and stats. */
  gate: KeyGate;
  /** The single pseudo-key of a keyless (bare) Ollama. */
  keyless: GatedKey | undefined;
  /** Scripted faults. */
  faults: FaultScript;
  /** Clock for latency, stream pacing and timestamps. */
  clock: Clock;
  /** Server options. */
  options: OllamaFakeOptions;
  /** Requests seen, for tests. */
  received: OllamaReceivedRequest[];
}
