import { OutcomeWindow } from './outcome-window.js';
import type { ResolvedProviderHealthOptions } from './provider-health-options.js';
import type { ProviderCircuitState } from './provider-health-types.js';

/** The probe of a half-open circuit: which request holds it, since when. */
export interface ProbeClaim {
  requestId: string;
  at: number;
}

/**
 * One provider's circuit as data: state, cool-down, the probe in flight and the outcome window. The rules
 * live in {@link ProviderHealth}.
 *
 * @example
 * const circuit = new ProviderCircuit(resolveProviderHealthOptions());
 */
export class ProviderCircuit {
  state: ProviderCircuitState = 'closed';
  /** End of the cool-down while open. */
  until: number | undefined;
  /** Opens in a row without a close in between; grows the cool-down. */
  openCount = 0;
  reason = 'no outage seen';
  probe: ProbeClaim | undefined;
  readonly window: OutcomeWindow;

  constructor(options: ResolvedProviderHealthOptions) {
    this.window = new OutcomeWindow(options.windowMs);
  }
}
