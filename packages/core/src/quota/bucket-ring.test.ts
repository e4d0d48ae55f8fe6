import { describe, expect, it } from 'vitest';
import { BucketRing } from './bucket-ring.js';

const T0 = Date.UTC(2026, 0, 1);
const minute = () => new BucketRing({ windowMs: 60_000, bucketMs: 1_000, marginMs: 1_000, channels: 2 });

describe('BucketRing', () => {
  it('sums per channel and counts an amount for at least window + margin, at most one bucket more', () => {
    const ring = minute();
    ring.add(T0 + 999, T0 + 999, [1, 500]);
    expect(ring.sum(T0 + 999, 0)).toBe(1);
    expect(ring.sum(T0 + 999, 1)).toBe(500);
    expect(ring.sum(T0 + 999 + 61_000, 1)).toBe(500); // window + margin after the event: still counted
    expect(ring.sum(T0 + 62_000, 1)).toBe(0); // bucket end + window + margin: gone
  });

  it('never counts less than the provider: an event is kept ≥ 61 s wherever it falls in its bucket', () => {
    const ring = minute();
    for (let offset = 0; offset < 1_000; offset += 97) {
      ring.add(T0 + offset, T0 + offset, [1, 1]);
      expect(ring.earliestAtMost(T0 + offset, 0, ring.sum(T0 + offset, 0) - 1)).toBeGreaterThanOrEqual(
        T0 + offset + 61_000,
      );
    }
  });

  it('earliestAtMost walks expiries oldest first and is Infinity for a negative target', () => {
    const ring = minute();
    ring.add(T0, T0, [1, 100]);
    ring.add(T0 + 10_000, T0 + 10_000, [1, 200]);
    const now = T0 + 20_000;
    expect(ring.earliestAtMost(now, 1, 300)).toBe(now);
    expect(ring.earliestAtMost(now, 1, 250)).toBe(T0 + 62_000);
    expect(ring.earliestAtMost(now, 1, 0)).toBe(T0 + 72_000);
    expect(ring.earliestAtMost(now, 1, -1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('records late amounts in their own bucket and drops the ones already out of the window', () => {
    const ring = minute();
    ring.add(T0 + 30_000, T0 + 30_000, [1, 10]);
    ring.add(T0 + 5_000, T0 + 30_000, [1, 20]); // committed late, counted when it was reserved
    expect(ring.resetAt(T0 + 30_000, 1)).toBe(T0 + 92_000);
    expect(ring.sum(T0 + 66_999, 1)).toBe(30);
    expect(ring.sum(T0 + 67_000, 1)).toBe(10);
    ring.add(T0, T0 + 70_000, [1, 40]); // older than the window: ignored
    expect(ring.sum(T0 + 70_000, 1)).toBe(10);
  });

  it('stays bounded under heavy traffic and frees its memory once the window is empty', () => {
    const ring = minute();
    expect(ring.empty).toBe(true);
    for (let t = 0; t < 600_000; t += 7) ring.add(T0 + t, T0 + t, [1, 3]);
    const now = T0 + 600_000;
    expect(ring.sum(now, 0)).toBeGreaterThan(8_500);
    expect(ring.sum(now, 0)).toBeLessThan(9_000); // ≈ 62 s worth at one event per 7 ms
    const visited: number[] = [];
    ring.forEachExpiry(now, 0, (at) => visited.push(at));
    expect(visited.length).toBeLessThanOrEqual(ring.slots);
    expect(ring.sum(now + 62_000, 0)).toBe(0);
    expect(ring.empty).toBe(true);
  });
});
