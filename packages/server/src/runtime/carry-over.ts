import type { GatewayRuntime } from './gateway-runtime.js';

/**
 * Keeps what a reload should not forget: the state of every key that is still configured (throttled,
 * invalid, disabled … through the router's snapshot, which holds no material) and the rate window of every
 * virtual key whose name and limit are unchanged. Spend history starts afresh with the new router.
 *
 * @example
 * carryOver(oldRuntime, newRuntime);
 */
export function carryOver(from: GatewayRuntime, to: GatewayRuntime): void {
  to.router.restore(from.router.snapshot());
  for (const [name, window] of from.rateWindows) {
    const next = to.rateWindows.get(name);
    if (next && next.rpm === window.rpm) to.rateWindows.set(name, window);
  }
}
