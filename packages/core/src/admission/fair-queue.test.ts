import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIntent } from '../intent/parse-intent.js';
import type { RequestPriority } from './admission-options.js';
import { FairQueue, type QueueEntry } from './fair-queue.js';

const entry = fc.record({
  priority: fc.constantFrom<RequestPriority>('interactive', 'batch'),
  group: fc.constantFrom('a', 'b', 'c', 'd'),
});

describe('FairQueue', () => {
  it('property: interactive first, each group first come first served, and groups take turns (round-robin)', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (specs, removals) => {
          const queue = new FairQueue<QueueEntry>();
          const entries = specs.map((spec, seq) => ({ ...spec, seq }));
          for (const e of entries) queue.add(e);
          const removed = new Set<QueueEntry>();
          for (const r of removals) {
            const victim = entries[r % Math.max(1, entries.length)];
            if (victim && queue.remove(victim)) removed.add(victim);
          }
          const order = queue.order();
          expect(order).toHaveLength(entries.length - removed.size);
          expect(queue.size).toBe(order.length);
          const firstBatch = order.findIndex((e) => e.priority === 'batch');
          if (firstBatch >= 0)
            expect(order.slice(firstBatch).every((e) => e.priority === 'batch')).toBe(true);
          for (const priority of ['interactive', 'batch'] as const) {
            const mine = order.filter((e) => e.priority === priority);
            for (const group of ['a', 'b', 'c', 'd']) {
              const seqs = mine.filter((e) => e.group === group).map((e) => e.seq);
              expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
            }
            // Round-robin: between two turns of one group, every other non-empty group gets at most one.
            const left = new Map<string, number>();
            for (const e of mine) left.set(e.group, (left.get(e.group) ?? 0) + 1);
            const since = new Map<string, number>();
            for (const e of mine) {
              for (const [g, n] of since) if (g !== e.group && (left.get(g) ?? 0) > 0) since.set(g, n + 1);
              expect(since.get(e.group) ?? 0).toBeLessThanOrEqual(left.size - 1);
              since.set(e.group, 0);
              left.set(e.group, (left.get(e.group) ?? 1) - 1);
            }
          }
        },
      ),
    );
  });

  it('counts a newcomer behind the more urgent waiters and its share of every group', () => {
    const queue = new FairQueue<QueueEntry>();
    let seq = 0;
    for (const group of ['a', 'a', 'a', 'b']) queue.add({ priority: 'interactive', group, seq: seq++ });
    queue.add({ priority: 'batch', group: 'a', seq: seq++ });
    expect(queue.ahead('interactive', 'c')).toBe(2);
    expect(queue.ahead('interactive', 'b')).toBe(3);
    expect(queue.ahead('batch', 'b')).toBe(5);
  });

  it('passes the turn to the next group once a group is served', () => {
    const queue = new FairQueue<QueueEntry>();
    const a1 = { priority: 'batch' as const, group: 'a', seq: 1 };
    const a2 = { priority: 'batch' as const, group: 'a', seq: 2 };
    const b1 = { priority: 'batch' as const, group: 'b', seq: 3 };
    for (const e of [a1, a2, b1]) queue.add(e);
    expect(queue.order()[0]).toBe(a1);
    queue.served('batch', 'a');
    queue.remove(a1);
    expect(queue.order()).toEqual([b1, a2]);
  });

  it('intent priority accepts interactive and batch only', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    expect(parseIntent({ ...base, priority: 'batch' }).priority).toBe('batch');
    expect(parseIntent(base).priority).toBeUndefined();
    expect(() => parseIntent({ ...base, priority: 'urgent' })).toThrow(
      expect.objectContaining({ category: 'validation' }),
    );
  });
});
