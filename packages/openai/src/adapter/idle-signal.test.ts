import { VirtualClock } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import { IdleSignal } from './idle-signal.js';

describe('IdleSignal', () => {
  it('times out after a silence of timeoutMs and says so', async () => {
    const clock = new VirtualClock();
    const idle = new IdleSignal(new AbortController().signal, 100, clock);
    await clock.advance(99);
    expect(idle.signal.aborted).toBe(false);
    await clock.advance(1);
    expect(idle.signal.aborted).toBe(true);
    expect(idle.timedOut).toBe(true);
  });

  it('rearm starts a fresh period, so activity keeps it alive', async () => {
    const clock = new VirtualClock();
    const idle = new IdleSignal(new AbortController().signal, 100, clock);
    for (let i = 0; i < 5; i++) {
      await clock.advance(80);
      idle.rearm();
    }
    expect(idle.signal.aborted).toBe(false);
    await clock.advance(100);
    expect(idle.timedOut).toBe(true);
  });

  it('follows the parent abort without calling it a timeout', () => {
    const parent = new AbortController();
    const idle = new IdleSignal(parent.signal, 100, new VirtualClock());
    parent.abort(new Error('stop'));
    expect(idle.signal.aborted).toBe(true);
    expect(idle.timedOut).toBe(false);
  });

  it('starts aborted when the parent already is', () => {
    const parent = new AbortController();
    parent.abort();
    expect(new IdleSignal(parent.signal, 100, new VirtualClock()).signal.aborted).toBe(true);
  });

  it('dispose stops the timer and rearm after dispose does nothing', async () => {
    const clock = new VirtualClock();
    const idle = new IdleSignal(new AbortController().signal, 100, clock);
    idle.dispose();
    idle.rearm();
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(1_000);
    expect(idle.signal.aborted).toBe(false);
  });

  it('never times out without a timeout', async () => {
    const clock = new VirtualClock();
    const idle = new IdleSignal(new AbortController().signal, undefined, clock);
    await clock.advance(1e9);
    expect(idle.signal.aborted).toBe(false);
  });
});
