import type { BudgetRecord, SpendLine } from '@apikeyrouter/core/store';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const T0 = 1_767_225_600_000;
const budget: BudgetRecord = {
  id: 'b1',
  scope: 'global',
  limit: '10',
  period: 'day',
  enforcementMode: 'hard',
  createdAt: T0,
};
const line: SpendLine = { budgetId: 'b1', countFrom: T0, bucketStart: T0, limit: '10' };

async function until(check: () => boolean): Promise<void> {
  // Waits for a pub/sub message to arrive; bounded by the test timeout, never a fixed sleep.
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

describe('deferred spend change messages', () => {
  it('reserves and commits reach other replicas only through flush messages carrying totals', async () => {
    const payloads: string[] = [];
    const listener = new Redis(redis.server().url);
    await listener.subscribe('flush:spend-changes');
    listener.on('message', (_channel: string, payload: string) => payloads.push(payload));
    const a = await redis.stores({ prefix: 'flush' });
    const b = await redis.stores({ prefix: 'flush' });
    await a.spend.putBudget(budget);
    await until(() => b.spend.getBudget('b1') !== undefined);
    // One hold left open, five settled: b must end with both the spend and the open hold.
    const ids = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
    await Promise.all(
      ids.map((id) =>
        a.spend.reserve({
          reservationId: id,
          amount: '0.3',
          lines: [line],
          series: [{ dimension: 'global', id: '*' }],
          at: T0,
          expiresAt: T0 + 30_000,
        }),
      ),
    );
    for (const id of ids.slice(1)) {
      await a.spend.commit({ reservationId: id, actual: '0.0000007', lines: [line], at: T0 });
    }
    expect(a.spend.totals('b1', T0)).toEqual({ spent: '0.0000035', reserved: '0.3' });
    // close() publishes what is still deferred, so b converges even if a's timer never fired.
    await a.close();
    await until(() => b.spend.totals('b1', T0).spent === '0.0000035');
    await until(() => b.spend.totals('b1', T0).reserved === '0.3');
    // The listener's own connection delivers in publish order: once it has the flush with the final spend, it
    // has every message published before it.
    await until(() =>
      payloads.some((payload) => payload.includes('\nflush\n') && payload.includes('\n0.0000035')),
    );
    const kinds = payloads.map((payload) => payload.split('\n')[1]);
    expect(kinds.filter((kind) => kind !== 'put' && kind !== 'flush')).toEqual([]);
    listener.disconnect();
  });
});
