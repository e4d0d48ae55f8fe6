/**
 * How a key in a state takes traffic: `requests` (any number), `probe` (one request at a time decides between
 * available and failing), `none`.
 *
 * @example
 * const routing: KeyStateRouting = KEY_STATES.recovering.routing; // 'probe'
 */
export type KeyStateRouting = 'requests' | 'probe' | 'none';

/**
 * The key states and what each means for routing — the one source the state machine's states, the
 * `KeyStateName` type, snapshot validation and every routing predicate derive from (the machine is checked at
 * compile time to define exactly these states).
 * - `available`: routable.
 * - `throttled`: rate limited until `until` (timed).
 * - `exhausted`: a period or billing quota is gone, until `until` (or manual action when unset) (timed).
 * - `recovering`: half-open; one probe request at a time decides between available and failing.
 * - `failing`: circuit open after consecutive failures, until `until` (timed).
 * - `invalid`: rejected by the provider (401/403); never routed until rotated.
 * - `disabled`: turned off by an operator.
 * - `draining`: being rotated or removed; no new requests, in-flight ones finish.
 *
 * @example
 * Object.keys(KEY_STATES); // ['available', 'throttled', …]
 */
export const KEY_STATES = Object.freeze({
  available: { routing: 'requests', timed: false, servesInFlight: true },
  throttled: { routing: 'none', timed: true, servesInFlight: false },
  exhausted: { routing: 'none', timed: true, servesInFlight: false },
  recovering: { routing: 'probe', timed: false, servesInFlight: true },
  failing: { routing: 'none', timed: true, servesInFlight: false },
  invalid: { routing: 'none', timed: false, servesInFlight: false },
  disabled: { routing: 'none', timed: false, servesInFlight: false },
  draining: { routing: 'none', timed: false, servesInFlight: true },
} as const satisfies Record<string, { routing: KeyStateRouting; timed: boolean; servesInFlight: boolean }>);

/**
 * The states of a key (see {@link KEY_STATES}).
 *
 * @example
 * const state: KeyStateName = 'throttled';
 */
export type KeyStateName = keyof typeof KEY_STATES;

/**
 * Every state name, in table order.
 *
 * @example
 * KEY_STATE_NAMES.includes('draining'); // true
 */
export const KEY_STATE_NAMES = Object.freeze(Object.keys(KEY_STATES) as KeyStateName[]);

/**
 * Whether new requests may be sent to a key in this state (for `recovering`: one probe at a time).
 *
 * @example
 * isRoutableState('recovering'); // true
 */
export function isRoutableState(state: KeyStateName): boolean {
  return KEY_STATES[state].routing !== 'none';
}

/**
 * Whether a request that already picked the key may still call it (a drain waits for such requests).
 *
 * @example
 * servesInFlight('draining'); // true
 */
export function servesInFlight(state: KeyStateName): boolean {
  return KEY_STATES[state].servesInFlight;
}

/**
 * Whether the state ends by itself at its `until` instant.
 *
 * @example
 * isTimedState('throttled'); // true
 */
export function isTimedState(state: KeyStateName): boolean {
  return KEY_STATES[state].timed;
}
