import { describe, expect, it } from 'vitest';
import type { KeyMachineContext, KeyStateName } from './key-state.js';
import { createKeyStateMachine, initialKeyState, type KeyEvent, nextKeyState } from './key-state-machine.js';

const machine = createKeyStateMachine({ failureThreshold: 3, baseCooldownMs: 1000, maxCooldownMs: 4000 });
const fresh: KeyMachineContext = { consecutiveFailures: 0, openCount: 0, reason: 'registered' };
const at = 10_000;

function step(state: KeyStateName, event: KeyEvent, context: KeyMachineContext = fresh) {
  return nextKeyState(machine, state, context, event);
}

describe('key state machine', () => {
  it('starts available', () => {
    expect(initialKeyState(machine).state).toBe('available');
  });

  // Every edge: [from, event, to]
  const edges: Array<[KeyStateName, KeyEvent, KeyStateName, KeyMachineContext?]> = [
    ['available', { type: 'SUCCESS', at }, 'available'],
    ['available', { type: 'FAILURE', at, reason: '500' }, 'available'],
    ['available', { type: 'FAILURE', at, reason: '500' }, 'failing', { ...fresh, consecutiveFailures: 2 }],
    ['available', { type: 'THROTTLE', at, until: at + 5000, reason: '429' }, 'throttled'],
    ['available', { type: 'EXHAUST', at, reason: 'billing' }, 'exhausted'],
    ['available', { type: 'INVALIDATE', at, reason: '401' }, 'invalid'],
    ['available', { type: 'DISABLE', at, reason: 'op' }, 'disabled'],
    ['available', { type: 'DRAIN', at, reason: 'rotate' }, 'draining'],
    ['available', { type: 'EXPIRE', at }, 'available'],
    ['throttled', { type: 'EXPIRE', at }, 'available', { ...fresh, until: at - 1 }],
    ['throttled', { type: 'EXPIRE', at }, 'throttled', { ...fresh, until: at + 1 }],
    [
      'throttled',
      { type: 'THROTTLE', at, until: at + 9000, reason: '429' },
      'throttled',
      { ...fresh, until: at + 1 },
    ],
    ['throttled', { type: 'EXHAUST', at, reason: 'billing' }, 'exhausted'],
    ['throttled', { type: 'SUCCESS', at }, 'throttled', { ...fresh, until: at + 1 }],
    ['throttled', { type: 'INVALIDATE', at, reason: '401' }, 'invalid'],
    ['throttled', { type: 'DISABLE', at, reason: 'op' }, 'disabled'],
    ['throttled', { type: 'DRAIN', at, reason: 'rotate' }, 'draining'],
    ['exhausted', { type: 'EXPIRE', at }, 'recovering', { ...fresh, until: at }],
    ['exhausted', { type: 'EXPIRE', at }, 'exhausted'],
    ['exhausted', { type: 'ENABLE', at, reason: 'op' }, 'available'],
    ['exhausted', { type: 'THROTTLE', at, until: at + 1, reason: '429' }, 'exhausted'],
    ['exhausted', { type: 'INVALIDATE', at, reason: '401' }, 'invalid'],
    ['failing', { type: 'EXPIRE', at }, 'recovering', { ...fresh, until: at - 5 }],
    ['failing', { type: 'EXPIRE', at }, 'failing', { ...fresh, until: at + 5 }],
    ['failing', { type: 'SUCCESS', at }, 'failing', { ...fresh, until: at + 5 }],
    ['failing', { type: 'DISABLE', at, reason: 'op' }, 'disabled'],
    ['recovering', { type: 'SUCCESS', at }, 'available'],
    ['recovering', { type: 'FAILURE', at, reason: '500' }, 'failing'],
    ['recovering', { type: 'THROTTLE', at, until: at + 5, reason: '429' }, 'throttled'],
    ['recovering', { type: 'EXHAUST', at, reason: 'quota' }, 'exhausted'],
    ['recovering', { type: 'INVALIDATE', at, reason: '401' }, 'invalid'],
    ['invalid', { type: 'SUCCESS', at }, 'invalid'],
    ['invalid', { type: 'EXPIRE', at }, 'invalid'],
    ['invalid', { type: 'ENABLE', at, reason: 'op' }, 'available'],
    ['invalid', { type: 'DRAIN', at, reason: 'rotate' }, 'draining'],
    ['invalid', { type: 'DISABLE', at, reason: 'op' }, 'disabled'],
    ['disabled', { type: 'SUCCESS', at }, 'disabled'],
    ['disabled', { type: 'INVALIDATE', at, reason: '401' }, 'disabled'],
    ['disabled', { type: 'ENABLE', at, reason: 'op' }, 'available'],
    ['disabled', { type: 'DRAIN', at, reason: 'rotate' }, 'draining'],
    ['draining', { type: 'DRAINED', at, reason: 'rotated' }, 'available'],
    ['draining', { type: 'SUCCESS', at }, 'draining'],
    ['draining', { type: 'INVALIDATE', at, reason: '401' }, 'draining'],
    ['draining', { type: 'DISABLE', at, reason: 'op' }, 'disabled'],
  ];

  it.each(edges)('%s --%o--> %s', (from, event, to, context) => {
    expect(step(from, event, context).state).toBe(to);
  });

  it('opens the circuit with a cool-down that doubles per re-open and is capped', () => {
    let ctx: KeyMachineContext = { ...fresh, consecutiveFailures: 2 };
    let result = step('available', { type: 'FAILURE', at, reason: '500' }, ctx);
    expect(result.context.until).toBe(at + 1000);
    ctx = result.context;
    result = step('recovering', { type: 'FAILURE', at, reason: '500' }, ctx);
    expect(result.context.until).toBe(at + 2000);
    result = step('recovering', { type: 'FAILURE', at, reason: '500' }, { ...result.context, openCount: 5 });
    expect(result.context.until).toBe(at + 4000);
  });

  it('keeps the later of two throttle instants', () => {
    const result = step(
      'throttled',
      { type: 'THROTTLE', at, until: at + 10, reason: '429' },
      { ...fresh, until: at + 500 },
    );
    expect(result.context.until).toBe(at + 500);
  });

  it('a success resets the failure count so failures must be consecutive', () => {
    const afterSuccess = step('available', { type: 'SUCCESS', at }, { ...fresh, consecutiveFailures: 2 });
    expect(afterSuccess.context.consecutiveFailures).toBe(0);
    expect(step('available', { type: 'FAILURE', at, reason: '500' }, afterSuccess.context).state).toBe(
      'available',
    );
  });

  it('records the reason of the event', () => {
    expect(step('available', { type: 'INVALIDATE', at, reason: 'authentication 401' }).context.reason).toBe(
      'authentication 401',
    );
  });
});
