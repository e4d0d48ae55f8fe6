import { describe, expect, it } from 'vitest';
import { Settlements } from './settlements.js';

/** A promise settled from outside. */
function gate(): { promise: Promise<void>; open: () => void; fail: (error: Error) => void } {
  let open = () => {};
  let fail: (error: Error) => void = () => {};
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

describe('Settlements', () => {
  it('lets the caller go at once and settled() waits for every settlement, those started meanwhile too', async () => {
    const settlements = new Settlements(() => undefined);
    const first = gate();
    const second = gate();
    await settlements.track(first.promise, 'k1');
    expect(settlements.pending).toBe(1);
    let done = false;
    const waiting = settlements.settled().then(() => {
      done = true;
    });
    await settlements.track(second.promise, 'k2');
    first.open();
    await first.promise;
    await Promise.resolve();
    expect(done).toBe(false);
    second.open();
    await waiting;
    expect(done).toBe(true);
    expect(settlements.pending).toBe(0);
  });

  it('reports a failure with its key once, never as a rejection', async () => {
    const failures: Array<[string, string]> = [];
    const settlements = new Settlements((error, keyId) => failures.push([keyId, (error as Error).message]));
    const failing = gate();
    await settlements.track(failing.promise, 'key-x');
    failing.fail(new Error('redis went away'));
    await settlements.settled();
    expect(failures).toEqual([['key-x', 'redis went away']]);
  });

  it('past the bound, the caller waits for its own settlement (backpressure)', async () => {
    const settlements = new Settlements(() => undefined, 2);
    const gates = [gate(), gate(), gate()];
    await settlements.track(gates[0]?.promise as Promise<void>, 'k');
    await settlements.track(gates[1]?.promise as Promise<void>, 'k');
    let third = false;
    const waiting = settlements.track(gates[2]?.promise as Promise<void>, 'k').then(() => {
      third = true;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    gates[2]?.open();
    await waiting;
    expect(third).toBe(true);
    expect(settlements.pending).toBe(2);
    for (const g of gates) g.open();
    await settlements.settled();
  });
});
