import { formatInstant } from '../clock/instant.js';
import type { RouterError } from '../errors/router-error.js';
import { isProviderOutage } from './outage-error.js';
import { ProviderCircuit } from './provider-circuit.js';
import type { ResolvedProviderHealthOptions } from './provider-health-options.js';
import type {
  ProviderBlock,
  ProviderCircuitState,
  ProviderHealthTransition,
} from './provider-health-types.js';

/**
 * Provider-level circuits: 5xx/529/overload failures from several keys of one provider open its circuit, so
 * the provider's keys are skipped (requests go on to other providers and fallback models) instead of failing
 * one after another; after a cool-down on the router's clock exactly one probe request goes through, and its
 * success closes the circuit. Failures a provider answers for do not count against the keys' own states.
 * Built with `undefined` options it does nothing (provider circuits turned off).
 *
 * @example
 * const health = new ProviderHealth(resolveProviderHealthOptions(), (t) => emitter.emit('providerHealthChanged', t));
 * health.block('openai', clock.now()); // undefined while closed
 */
export class ProviderHealth {
  readonly #options: ResolvedProviderHealthOptions | undefined;
  readonly #emit: (transition: ProviderHealthTransition) => void;
  // One entry per provider that ever failed: bounded by the registered providers.
  readonly #circuits = new Map<string, ProviderCircuit>();

  constructor(
    options: ResolvedProviderHealthOptions | undefined,
    emit: (transition: ProviderHealthTransition) => void,
  ) {
    this.#options = options;
    this.#emit = emit;
  }

  /** The circuit state of a provider now (`closed` when it never failed or circuits are off). */
  state(providerId: string, now: number): ProviderCircuitState {
    const circuit = this.#circuits.get(providerId);
    if (!circuit) return 'closed';
    this.#refresh(providerId, circuit, now);
    return circuit.state;
  }

  /** Why the provider's keys may not take a new request now, or undefined when they may. */
  block(providerId: string, now: number): ProviderBlock | undefined {
    const circuit = this.#circuits.get(providerId);
    if (!circuit || circuit.state === 'closed') return undefined;
    this.#refresh(providerId, circuit, now);
    if (circuit.state === 'open') {
      const until = circuit.until as number;
      return { detail: `provider ${providerId} circuit open: ${circuit.reason}`, retryAt: until };
    }
    if (circuit.state === 'half_open' && this.#probeHeld(circuit, now))
      return { detail: `provider ${providerId} circuit half-open: probe in flight` };
    return undefined;
  }

  /**
   * Lets a request call one of the provider's keys: always while closed; while half-open only the one request
   * that takes the probe. False when the request must choose again.
   */
  claim(providerId: string, requestId: string, now: number): boolean {
    const circuit = this.#circuits.get(providerId);
    if (!circuit || circuit.state === 'closed') return true;
    this.#refresh(providerId, circuit, now);
    if (circuit.state !== 'half_open') return false;
    if (circuit.probe?.requestId === requestId) return true;
    if (this.#probeHeld(circuit, now)) return false;
    circuit.probe = { requestId, at: now };
    return true;
  }

  /** Gives the probe back unused (the reservation failed, or the call was aborted by its own caller). */
  release(providerId: string, requestId: string): void {
    const circuit = this.#circuits.get(providerId);
    if (circuit?.probe?.requestId === requestId) circuit.probe = undefined;
  }

  /** A call to the provider succeeded; the probe's success closes the circuit. */
  recordSuccess(providerId: string, keyId: string, requestId: string, now: number): void {
    const circuit = this.#circuit(providerId);
    if (!circuit) return;
    circuit.window.record(true, keyId, now);
    if (circuit.probe?.requestId !== requestId) return;
    circuit.probe = undefined;
    circuit.openCount = 0;
    circuit.until = undefined;
    circuit.window.clear();
    this.#move(providerId, circuit, 'closed', `probe on ${keyId} succeeded`, now);
  }

  /**
   * A call to the provider failed. Returns true when the provider answers for the failure (an outage failure
   * while its circuit is, or now becomes, open or half-open): the key's own state is then left alone.
   */
  recordFailure(
    providerId: string,
    keyId: string,
    requestId: string,
    error: RouterError,
    now: number,
  ): boolean {
    const options = this.#options;
    const circuit = this.#circuit(providerId);
    if (!options || !circuit) return false;
    const outage = isProviderOutage(error);
    const probe = circuit.probe?.requestId === requestId;
    if (probe) circuit.probe = undefined;
    if (!outage) return false;
    circuit.window.record(false, keyId, now);
    const what = `${error.status ?? error.code ?? error.category}`;
    if (probe && circuit.state === 'half_open') {
      this.#open(providerId, circuit, `probe on ${keyId} failed (${what})`, now);
      return true;
    }
    if (circuit.state !== 'closed') return true;
    const counts = circuit.window.counts(now);
    if (
      counts.failures < options.minFailures ||
      counts.keys < options.minKeys ||
      counts.failures < options.failureRate * counts.total
    )
      return false;
    const reason = `${counts.failures} of ${counts.total} calls failed on ${counts.keys} keys within ${options.windowMs / 1000} s (last: ${what} from ${keyId})`;
    this.#open(providerId, circuit, reason, now);
    return true;
  }

  /** The provider's circuit, created on its first outcome; undefined when circuits are off. */
  #circuit(providerId: string): ProviderCircuit | undefined {
    if (!this.#options) return undefined;
    let circuit = this.#circuits.get(providerId);
    if (!circuit) {
      circuit = new ProviderCircuit(this.#options);
      this.#circuits.set(providerId, circuit);
    }
    return circuit;
  }

  #probeHeld(circuit: ProviderCircuit, now: number): boolean {
    const probe = circuit.probe;
    return probe !== undefined && now - probe.at < (this.#options?.probeTimeoutMs ?? 0);
  }

  #open(providerId: string, circuit: ProviderCircuit, reason: string, now: number): void {
    const options = this.#options as ResolvedProviderHealthOptions;
    circuit.openCount++;
    const cooldown = Math.min(options.maxCooldownMs, options.cooldownMs * 2 ** (circuit.openCount - 1));
    circuit.until = now + cooldown;
    circuit.probe = undefined;
    circuit.reason = `${reason}; probe after ${formatInstant(circuit.until)}`;
    this.#move(providerId, circuit, 'open', circuit.reason, now);
  }

  /** Ends the cool-down of an open circuit whose time has come. */
  #refresh(providerId: string, circuit: ProviderCircuit, now: number): void {
    if (circuit.state === 'open' && (circuit.until as number) <= now)
      this.#move(providerId, circuit, 'half_open', 'cool-down ended: one probe may go', now);
  }

  #move(providerId: string, circuit: ProviderCircuit, to: ProviderCircuitState, reason: string, now: number) {
    const from = circuit.state;
    circuit.state = to;
    if (to !== 'open') circuit.reason = reason;
    const transition: ProviderHealthTransition = { providerId, from, to, reason, at: now };
    if (to === 'open' && circuit.until !== undefined) transition.until = circuit.until;
    this.#emit(transition);
  }
}
