import type { GatewayRuntime } from './gateway-runtime.js';

/**
 * Hands over what lives outside the shared state when a reload swaps runtimes: the rate window of every
 * virtual key whose name and limit are unchanged. Key states, quota and spend need no hand-over — both
 * routers run on the same stores. The retiring router stops following other writers' key states (its
 * in-flight requests finish on what it knows; its own writes still reach the store and the new router).
 *
 * @example
 * carryOver(oldRuntime, newRuntime);
 */
export function carryOver(from: GatewayRuntime, to: GatewayRuntime): void {
  for (const [name, window] of from.rateWindows) {
    const next = to.rateWindows.get(name);
    if (next && next.rpm === window.rpm) to.rateWindows.set(name, window);
  }
  from.keyStore.detach();
}
