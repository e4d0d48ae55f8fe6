import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock.js';

describe('VirtualClock', () => {
  it('fires timers in due order when advanced', async () => {
    const clock = new VirtualClock({ start: 0 });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 200);
    clock.setTimeout(() => fired.push('a'), 100);
    clock.setTimeout(() => fired.push('c'), 300);
    await clock.advance(250);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(250);
    await clock.advance(100);
    expect(fired).toEqual(['a', 'b', 'c']);
  });

  it('cancels timers', async () => {
    const clock = new VirtualClock({ start: 0 });
    let fired = false;
    const handle = clock.setTimeout(() => {
      fired = true;
    }, 10);
    clock.clearTimeout(handle);
    await clock.advance(20);
    expect(fired).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('sleep rejects with the signal reason on abort', async () => {
    const clock = new VirtualClock({ start: 0 });
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pendingTimers).toBe(0);
  });

  it('auto-advances through chained sleeps when idle', async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: true });
    for (let i = 0; i < 100; i++) await clock.sleep(60_000);
    expect(clock.now()).toBe(6_000_000);
  });

  it('runs timers scheduled by timers during advance', async () => {
    const clock = new VirtualClock({ start: 0 });
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 50);
    }, 50);
    await clock.advance(100);
    expect(fired).toEqual([50, 100]);
  });
});
