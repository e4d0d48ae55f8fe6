/**
 * A provider circuit's state: `closed` (traffic flows), `open` (the provider's keys are skipped until the
 * cool-down ends), `half_open` (exactly one probe request may go; its outcome closes or reopens the circuit).
 *
 * @example
 * const state: ProviderCircuitState = 'half_open';
 */
export type ProviderCircuitState = 'closed' | 'open' | 'half_open';

/**
 * Payload of the `providerHealthChanged` event: one change of a provider circuit.
 *
 * @example
 * router.on('providerHealthChanged', (t) => console.log(`${t.providerId}: ${t.from} → ${t.to} (${t.reason})`));
 */
export interface ProviderHealthTransition {
  /** Provider id. */
  providerId: string;
  /** State before. */
  from: ProviderCircuitState;
  /** State after. */
  to: ProviderCircuitState;
  /** Why (never key material): the failures that opened it, the cool-down that ended, the probe's outcome. */
  reason: string;
  /** Epoch ms of the change. */
  at: number;
  /** When an open circuit lets its probe through, for `open`. */
  until?: number;
}

/**
 * Why a provider's keys may not take a request now, as the candidate filter reports it.
 *
 * @example
 * const block: ProviderBlock = { detail: 'provider openai is down (…)', retryAt: clock.now() + 15_000 };
 */
export interface ProviderBlock {
  /** Explanation detail. */
  detail: string;
  /** When the block ends, when known. */
  retryAt?: number;
}
