import { assign, initialTransition, type StateValueFrom, setup, transition } from 'xstate';
import {
  DEFAULT_KEY_MACHINE_OPTIONS,
  type KeyMachineContext,
  type KeyMachineOptions,
  type KeyStateName,
} from './key-state.js';
import { KEY_STATES } from './key-state-table.js';

/** Events that drive a key's state. `at` is the clock's now. */
export type KeyEvent =
  | { type: 'SUCCESS'; at: number }
  | { type: 'FAILURE'; at: number; reason: string }
  | { type: 'THROTTLE'; at: number; until: number; reason: string }
  | { type: 'EXHAUST'; at: number; until?: number; reason: string }
  | { type: 'INVALIDATE'; at: number; reason: string }
  | { type: 'DISABLE'; at: number; reason: string }
  | { type: 'ENABLE'; at: number; reason: string }
  | { type: 'DRAIN'; at: number; reason: string }
  | { type: 'DRAINED'; at: number; reason: string }
  | { type: 'EXPIRE'; at: number };

const EMPTY: KeyMachineContext = { consecutiveFailures: 0, openCount: 0, reason: 'registered' };

/**
 * Builds the key state machine (xstate v5). It is used as pure logic: the router keeps each key's state and
 * context as plain data and computes transitions with `transition()`, so 10,000 keys cost no actors and a
 * restored snapshot is just data.
 *
 * @example
 * const machine = createKeyStateMachine();
 * const next = nextKeyState(machine, 'available', ctx, { type: 'INVALIDATE', at: now, reason: '401' });
 */
export function createKeyStateMachine(options: Partial<KeyMachineOptions> = {}) {
  const opts = { ...DEFAULT_KEY_MACHINE_OPTIONS, ...options };
  const cooldown = (openCount: number) =>
    Math.min(opts.maxCooldownMs, opts.baseCooldownMs * 2 ** Math.max(0, openCount - 1));

  const reasonOf = (event: KeyEvent): string => {
    if ('reason' in event) return event.reason;
    return event.type === 'SUCCESS' ? 'request succeeded' : 'timer elapsed';
  };

  return setup({
    types: { context: {} as KeyMachineContext, events: {} as KeyEvent, input: {} as KeyMachineContext },
    guards: {
      expired: ({ context, event }) => context.until !== undefined && context.until <= event.at,
      reachesThreshold: ({ context }) => context.consecutiveFailures + 1 >= opts.failureThreshold,
    },
    actions: {
      reset: assign(({ event }) => ({
        consecutiveFailures: 0,
        openCount: 0,
        until: undefined,
        reason: reasonOf(event),
      })),
      clearFailures: assign({ consecutiveFailures: 0 }),
      countFailure: assign(({ context }) => ({ consecutiveFailures: context.consecutiveFailures + 1 })),
      throttle: assign(({ context, event }) => ({
        until: Math.max(event.type === 'THROTTLE' ? event.until : event.at, context.until ?? 0),
        reason: reasonOf(event),
      })),
      exhaust: assign(({ event }) => ({
        until: event.type === 'EXHAUST' ? event.until : undefined,
        reason: reasonOf(event),
      })),
      open: assign(({ context, event }) => ({
        consecutiveFailures: context.consecutiveFailures + 1,
        openCount: context.openCount + 1,
        until: event.at + cooldown(context.openCount + 1),
        reason: reasonOf(event),
      })),
      expire: assign(({ context }) => ({ until: undefined, reason: `${context.reason}; ended` })),
    },
  }).createMachine({
    id: 'key',
    initial: 'available',
    context: ({ input }) => input ?? { ...EMPTY },
    on: {
      INVALIDATE: { target: '.invalid', actions: 'reset' },
      DISABLE: { target: '.disabled', actions: 'reset' },
      DRAIN: { target: '.draining', actions: 'reset' },
    },
    states: {
      available: {
        meta: KEY_STATES.available,
        on: {
          SUCCESS: { actions: 'clearFailures' },
          FAILURE: [
            { guard: 'reachesThreshold', target: 'failing', actions: 'open' },
            { actions: 'countFailure' },
          ],
          THROTTLE: { target: 'throttled', actions: 'throttle' },
          EXHAUST: { target: 'exhausted', actions: 'exhaust' },
        },
      },
      throttled: {
        meta: KEY_STATES.throttled,
        on: {
          EXPIRE: { guard: 'expired', target: 'available', actions: 'expire' },
          THROTTLE: { target: 'throttled', actions: 'throttle' },
          EXHAUST: { target: 'exhausted', actions: 'exhaust' },
        },
      },
      exhausted: {
        meta: KEY_STATES.exhausted,
        on: {
          EXPIRE: { guard: 'expired', target: 'recovering', actions: 'expire' },
          ENABLE: { target: 'available', actions: 'reset' },
        },
      },
      failing: {
        meta: KEY_STATES.failing,
        on: { EXPIRE: { guard: 'expired', target: 'recovering', actions: 'expire' } },
      },
      recovering: {
        meta: KEY_STATES.recovering,
        on: {
          SUCCESS: { target: 'available', actions: 'reset' },
          FAILURE: { target: 'failing', actions: 'open' },
          THROTTLE: { target: 'throttled', actions: 'throttle' },
          EXHAUST: { target: 'exhausted', actions: 'exhaust' },
        },
      },
      invalid: {
        meta: KEY_STATES.invalid,
        on: { ENABLE: { target: 'available', actions: 'reset' } },
      },
      disabled: {
        meta: KEY_STATES.disabled,
        on: { ENABLE: { target: 'available', actions: 'reset' }, INVALIDATE: {} },
      },
      draining: {
        meta: KEY_STATES.draining,
        on: { DRAINED: { target: 'available', actions: 'reset' }, INVALIDATE: {}, DRAIN: {} },
      },
    },
  });
}

/** The machine type returned by {@link createKeyStateMachine}. */
export type KeyStateMachine = ReturnType<typeof createKeyStateMachine>;

/**
 * `true` exactly when the machine defines the states of `KEY_STATES`, no more and no fewer; the assignment
 * below fails to compile otherwise, so the table and the machine cannot drift apart.
 *
 * @example
 * const proof: MachineMatchesStateTable = true;
 */
export type MachineMatchesStateTable = [StateValueFrom<KeyStateMachine>] extends [KeyStateName]
  ? [KeyStateName] extends [StateValueFrom<KeyStateMachine>]
    ? true
    : false
  : false;
/** The compile-time proof (see {@link MachineMatchesStateTable}). */
export const MACHINE_MATCHES_STATE_TABLE: MachineMatchesStateTable = true;

/**
 * Computes the next state and context for an event, as pure data. Returns the input unchanged when the event
 * does not apply in the current state.
 *
 * @example
 * const { state, context } = nextKeyState(machine, 'failing', ctx, { type: 'EXPIRE', at: clock.now() });
 */
export function nextKeyState(
  machine: KeyStateMachine,
  state: KeyStateName,
  context: KeyMachineContext,
  event: KeyEvent,
): { state: KeyStateName; context: KeyMachineContext } {
  const current = machine.resolveState({ value: state, context });
  const [next] = transition(machine, current, event);
  return { state: next.value as KeyStateName, context: next.context };
}

/**
 * The starting state of a key.
 *
 * @example
 * const { state, context } = initialKeyState(machine);
 */
export function initialKeyState(machine: KeyStateMachine): {
  state: KeyStateName;
  context: KeyMachineContext;
} {
  const [snapshot] = initialTransition(machine, { ...EMPTY });
  return { state: snapshot.value as KeyStateName, context: snapshot.context };
}
