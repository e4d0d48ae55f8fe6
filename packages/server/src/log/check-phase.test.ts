import { describe, expect, it } from 'vitest';
import { onCheckPhase } from './check-phase.js';

const nextTurn = () => new Promise((done) => setImmediate(done));

describe('onCheckPhase', () => {
  it('runs queued tasks in order after this turn, with the tasks they queue, in one check phase', async () => {
    const order: string[] = [];
    onCheckPhase(() => {
      order.push('a');
      onCheckPhase(() => order.push('a-then'));
    });
    onCheckPhase(() => order.push('b'));
    expect(order).toEqual([]);
    // Queued after the tasks above, so it runs after their whole run, follow-ups included.
    await nextTurn();
    expect(order).toEqual(['a', 'b', 'a-then']);
  });
});
