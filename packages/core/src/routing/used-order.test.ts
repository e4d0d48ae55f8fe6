import { describe, expect, it } from 'vitest';
import type { KeyRecord } from '../keys/key-record.js';
import { NO_SLOT, UsedOrder } from './used-order.js';

const key = (id: string) => ({ id }) as KeyRecord;

function ids(order: UsedOrder): string[] {
  const out: string[] = [];
  for (let slot = order.first; slot !== NO_SLOT; slot = order.next(slot)) out.push(order.record(slot).id);
  return out;
}

describe('UsedOrder', () => {
  it('keeps members least recently picked first, moves a pick to the back, and reuses freed slots', () => {
    const order = new UsedOrder(2);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(key) as [KeyRecord, KeyRecord, KeyRecord, KeyRecord];
    expect([order.add(a, 1), order.add(b, 2), order.add(c, 3)]).toEqual([2, 3, 4]);
    expect(ids(order)).toEqual(['a', 'b', 'c']);
    order.touch(a);
    expect(ids(order)).toEqual(['b', 'c', 'a']);
    order.touch(a);
    order.touch(c);
    expect(ids(order)).toEqual(['b', 'a', 'c']);
    expect(order.remove(b)).toBe(3);
    expect(order.remove(b)).toBeUndefined();
    expect(ids(order)).toEqual(['a', 'c']);
    // The freed slot goes to the next member, at the back; its epoch is its own.
    expect(order.add(d, 9)).toBe(3);
    expect(ids(order)).toEqual(['a', 'c', 'd']);
    expect([order.usedAt(3), order.slotOf(a), order.size, order.has(b)]).toEqual([9, 2, 3, false]);
    order.remove(a);
    order.remove(d);
    order.remove(c);
    expect([order.first, order.size]).toEqual([NO_SLOT, 0]);
    order.add(b, 10);
    expect(ids(order)).toEqual(['b']);
  });
});
