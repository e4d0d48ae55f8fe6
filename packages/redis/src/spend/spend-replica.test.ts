import { describe, expect, it } from 'vitest';
import { SpendReplica } from './spend-replica.js';

const BUDGET = JSON.stringify({
  id: 'b1',
  scope: 'global',
  limit: '10',
  period: 'total',
  enforcementMode: 'hard',
  createdAt: 0,
});

describe('SpendReplica', () => {
  it('skips only the echo of its own reply; every other message still applies, in any order', () => {
    const replica = new SpendReplica();
    replica.applyMessage(`1\nput\nb1\n${BUDGET}`);
    replica.applyReply('5\nreserve\nr\nb1\n0.5');
    expect(replica.totals('b1', 0).reserved).toBe('0.5');
    // The echo of seq 5 is skipped; a later write of another replica applies; an older one does not.
    replica.applyMessage('5\nreserve\nr\nb1\n0.5');
    replica.applyMessage('7\nreserve\nr\nb1\n0.75');
    expect(replica.totals('b1', 0).reserved).toBe('0.75');
    replica.applyMessage('6\nreserve\nr\nb1\n9');
    expect(replica.totals('b1', 0).reserved).toBe('0.75');
    // An echo that arrives before its reply was applied as a message: the reply changes nothing after it.
    replica.applyMessage('9\ncommit\nb\nb1\n0\n0\n2\nr\nb1\n0.25');
    replica.applyReply('9\ncommit\nb\nb1\n0\n0\n2\nr\nb1\n0.25');
    expect(replica.totals('b1', 0)).toEqual({ spent: '2', reserved: '0.25' });
  });

  it('forgets its own sequence numbers on a reload, so a restarted Redis reusing them is never ignored', () => {
    const replica = new SpendReplica();
    replica.applyReply(`3\nput\nb1\n${BUDGET}`);
    replica.load(2, 'epoch-2', [['b1', BUDGET]], [], [], 0);
    replica.applyMessage('3\nreserve\nr\nb1\n1.5');
    expect(replica.totals('b1', 0).reserved).toBe('1.5');
  });

  it('advances its budget version only without a gap, so a put it has not heard of forces a reload', () => {
    const replica = new SpendReplica();
    replica.load(10, 'e', [], [], [], 4);
    expect(replica.budgetVersion).toBe(4);
    // Its own put (version 6) answered before another router's put (version 5) arrived: still 4.
    replica.applyReply(`20\nput\nb1\n${BUDGET}\nv\n6`);
    expect(replica.budgetVersion).toBe(4);
    replica.applyMessage(`19\nput\nb2\n${BUDGET}\nv\n5`);
    expect(replica.budgetVersion).toBe(5);
    // The reload that follows the stale answer sets it exactly; a newer contiguous message then advances it.
    replica.load(21, 'e', [], [], [], 6);
    replica.applyMessage('22\nremove\nb1\nv\n7');
    expect(replica.budgetVersion).toBe(7);
    // A new Redis epoch (restarted empty) starts over from its own count.
    replica.load(1, 'e2', [], [], [], 0);
    expect(replica.budgetVersion).toBe(0);
  });

  it('tells onBudgetVersion of every version change, from a message or a reload, and of nothing else', () => {
    const replica = new SpendReplica();
    let changes = 0;
    replica.onBudgetVersion = () => changes++;
    replica.applyMessage(`1\nput\nb1\n${BUDGET}\nv\n1`);
    expect(changes).toBe(1);
    // A write that changes no budget, and a put after a gap (the version stays), change nothing.
    replica.applyMessage('2\nreserve\nr\nb1\n0.5');
    replica.applyMessage(`4\nput\nb2\n${BUDGET}\nv\n3`);
    expect(changes).toBe(1);
    // The quiet check's or a catch-up's reload brings the version forward; one with the same version does not.
    replica.load(4, '', [['b1', BUDGET]], [], [], 3);
    expect(changes).toBe(2);
    replica.load(4, '', [['b1', BUDGET]], [], [], 3);
    expect(changes).toBe(2);
  });
});
