import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TRACKED_FAILING_KEYS, OutcomeWindow } from './outcome-window.js';

describe('OutcomeWindow', () => {
  it('forgets outcomes older than the window', () => {
    const window = new OutcomeWindow(30_000);
    window.record(false, 'k1', 1_000_000);
    window.record(true, 'k2', 1_010_000);
    expect(window.counts(1_010_000)).toEqual({ failures: 1, total: 2, keys: 1 });
    expect(window.counts(1_035_000)).toEqual({ failures: 0, total: 1, keys: 0 });
    expect(window.counts(1_080_000)).toEqual({ failures: 0, total: 0, keys: 0 });
  });

  it('stays bounded however many keys fail and never counts more than it saw', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 5_000 })),
          {
            maxLength: 300,
          },
        ),
        (events) => {
          const window = new OutcomeWindow(10_000);
          let now = 1_000_000;
          let failures = 0;
          for (const [ok, key, gap] of events) {
            now += gap;
            window.record(ok, `key-${key}`, now);
            if (!ok) failures++;
          }
          const counts = window.counts(now);
          expect(counts.keys).toBeLessThanOrEqual(MAX_TRACKED_FAILING_KEYS);
          expect(counts.failures).toBeLessThanOrEqual(failures);
          expect(counts.total).toBeLessThanOrEqual(events.length);
          expect(counts.failures).toBeLessThanOrEqual(counts.total);
        },
      ),
    );
  });
});
