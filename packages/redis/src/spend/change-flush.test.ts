import { describe, expect, it } from 'vitest';
import { ChangeFlush } from './change-flush.js';

describe('ChangeFlush', () => {
  it('sends nothing when nothing changed, and every noted change once', async () => {
    const sent: Array<Array<string | number>> = [];
    const flush = new ChangeFlush(async (args) => {
      sent.push(args);
    });
    await flush.flush();
    expect(sent).toEqual([]);
    flush.pending.reserved.add('b1');
    flush.pending.buckets.set('b1', [100, 200]);
    await flush.flush();
    await flush.flush();
    expect(sent).toEqual([[1, 'b1', 'b1', 100, 200]]);
  });

  it('keeps what a failed flush held for the next one, merged with what changed since', async () => {
    const sent: Array<Array<string | number>> = [];
    let fail = true;
    const flush = new ChangeFlush(async (args) => {
      if (fail) throw new Error('Redis away');
      sent.push(args);
    });
    flush.pending.reserved.add('b1');
    flush.pending.buckets.set('b1', [100, 200]);
    await expect(flush.flush()).rejects.toThrow('Redis away');
    // A newer bucket of b1 (a new window) written meanwhile wins over the one the failed flush held.
    flush.pending.reserved.add('b2');
    flush.pending.buckets.set('b1', [300, 300]);
    fail = false;
    await flush.flush();
    expect(sent).toEqual([[2, 'b1', 'b2', 'b1', 300, 300]]);
  });
});
