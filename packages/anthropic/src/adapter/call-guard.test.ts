import { VirtualClock } from '@apikeyrouter/core';
import { describe, expect, it } from 'vitest';
import { guardCall } from './call-guard.js';

describe('guardCall', () => {
  it('whole: aborts once timeoutMs has passed, whatever happens in between', async () => {
    const clock = new VirtualClock();
    const guard = guardCall({ signal: new AbortController().signal, clock }, 1000, 'whole');
    await clock.advance(600);
    guard.progress();
    await clock.advance(400);
    expect(guard.signal.aborted).toBe(true);
    expect(guard.timedOut).toBe(true);
    expect((guard.signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('idle: every progress restarts the timer; silence longer than timeoutMs aborts', async () => {
    const clock = new VirtualClock();
    const guard = guardCall({ signal: new AbortController().signal, clock }, 1000, 'idle');
    for (let i = 0; i < 5; i++) {
      await clock.advance(900);
      guard.progress();
    }
    expect(guard.signal.aborted).toBe(false);
    await clock.advance(1000);
    expect(guard.timedOut).toBe(true);
    expect((guard.signal.reason as DOMException).name).toBe('TimeoutError');
    guard.dispose();
    expect(clock.pendingTimers).toBe(0);
  });

  it('follows the caller signal and leaves no timers after dispose', async () => {
    const clock = new VirtualClock();
    for (const mode of ['whole', 'idle'] as const) {
      const caller = new AbortController();
      const guard = guardCall({ signal: caller.signal, clock }, 1000, mode);
      caller.abort(new Error('stop'));
      expect(guard.signal.aborted).toBe(true);
      expect(guard.timedOut).toBe(false);
      guard.progress();
      guard.dispose();
    }
    expect(clock.pendingTimers).toBe(0);
  });

  it('without timeoutMs never times out', async () => {
    const clock = new VirtualClock();
    const guard = guardCall({ signal: new AbortController().signal, clock }, undefined, 'idle');
    expect(clock.pendingTimers).toBe(0);
    guard.progress();
    expect(guard.signal.aborted).toBe(false);
    guard.dispose();
  });
});
