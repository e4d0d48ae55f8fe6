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
});
