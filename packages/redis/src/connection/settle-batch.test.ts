import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LuaScript } from './lua-script.js';
import { SettleBatch } from './settle-batch.js';

const SCRIPT = { name: 'quota.commit' } as LuaScript;

/** A batch whose runner records what was sent and answers each call when `answer()` is called. */
function recordingBatch(delayMs: number) {
  const sent: string[] = [];
  const pending: Array<() => void> = [];
  const batch = new SettleBatch(
    <T>(_script: LuaScript, keys: readonly string[]) =>
      new Promise<T>((resolve) => {
        sent.push(keys.join(','));
        pending.push(() => resolve(1 as T));
      }),
    delayMs,
  );
  const answer = () => {
    for (const reply of pending.splice(0)) reply();
  };
  return { batch, sent, answer };
}

describe('SettleBatch', () => {
  it('flushTouching sends only the queued calls on the given keys, in order, and keeps the rest queued', () => {
    const { batch, sent } = recordingBatch(60_000);
    void batch.call(SCRIPT, ['a'], []);
    void batch.call(SCRIPT, ['b'], []);
    void batch.call(SCRIPT, ['a', 'g'], []);
    batch.flushTouching(['a']);
    expect(sent).toEqual(['a', 'a,g']);
    expect(batch.queued).toBe(1);
    batch.flushTouching(['z']);
    expect(sent).toEqual(['a', 'a,g']);
    batch.flush();
    expect(sent).toEqual(['a', 'a,g', 'b']);
    expect(batch.queued).toBe(0);
  });

  it('flushTouching sends exactly what a plain scan of the queue would, whatever the sequence of calls', () => {
    const key = fc.constantFrom<string>('a', 'b', 'c', 'd');
    const step = fc.oneof(
      fc.record({
        op: fc.constant('call' as const),
        keys: fc.uniqueArray(key, { minLength: 1, maxLength: 2 }),
      }),
      fc.record({
        op: fc.constant('touch' as const),
        keys: fc.uniqueArray(key, { minLength: 1, maxLength: 2 }),
      }),
      fc.record({ op: fc.constant('flush' as const), keys: fc.constant([] as string[]) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const { batch, sent } = recordingBatch(60_000);
        // The model: the queue as a list, scanned in full on every flushTouching.
        let model: string[][] = [];
        const expected: string[] = [];
        for (const { op, keys } of steps) {
          if (op === 'call') {
            void batch.call(SCRIPT, keys, []);
            model.push(keys);
          } else if (op === 'touch') {
            batch.flushTouching(keys);
            for (const queued of model)
              if (queued.some((k) => keys.includes(k))) expected.push(queued.join(','));
            model = model.filter((queued) => !queued.some((k) => keys.includes(k)));
          } else {
            batch.flush();
            for (const queued of model) expected.push(queued.join(','));
            model = [];
          }
          expect(sent).toEqual(expected);
          expect(batch.queued).toBe(model.length);
        }
      }),
    );
  });

  it('drain() also sends calls queued while earlier ones were being answered', async () => {
    const { batch, sent, answer } = recordingBatch(60_000);
    const first = batch.call(SCRIPT, ['a'], []);
    // The second settlement is queued only once the first is answered, as a caller that awaited would.
    const second = first.then(() => batch.call(SCRIPT, ['b'], []));
    const drained = batch.drain();
    answer();
    await first;
    await Promise.resolve();
    answer();
    for (let i = 0; i < 10 && sent.length < 2; i++) await Promise.resolve();
    answer();
    await drained;
    expect(sent).toEqual(['a', 'b']);
    expect(batch.queued).toBe(0);
    await second;
  });
});
