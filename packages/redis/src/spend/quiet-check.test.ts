import type { BudgetRecord } from '@apikeyrouter/core/store';
import { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { SPEND_COMMIT, SPEND_RESERVE } from '../scripts/spend-lua.js';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';
import { QuietCheck } from './quiet-check.js';

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

describe('the quiet check', () => {
  it('a replica catches up with spend a killed writer committed but never announced', async () => {
    const prefix = 'quiet';
    const base = `${prefix}:{${prefix}:spend}`;
    const channel = `${prefix}:spend-changes`;
    const observer = await redis.stores({ prefix });
    await observer.spend.putBudget(budget);
    const writer = new Redis(redis.server().url);
    const messages: string[] = [];
    const listener = new Redis(redis.server().url);
    await listener.subscribe(channel);
    listener.on('message', (_channel: string, payload: string) => messages.push(payload));
    try {
      // What a router process does for one request, through the same scripts, and then dies before its
      // flush: the reserve and the commit are in Redis, and no message ever said so.
      const hold = JSON.stringify({ a: '0.5', b: ['b1'], s: [] });
      await writer.eval(
        SPEND_RESERVE.source,
        1,
        base,
        channel,
        'r1',
        '0.5',
        T0,
        T0 + 30_000,
        '',
        hold,
        'b1',
        T0,
        '10',
        '',
      );
      await writer.eval(
        SPEND_COMMIT.source,
        1,
        base,
        channel,
        'r1',
        '0.25',
        T0,
        T0,
        86_400_000,
        100,
        1,
        'b1',
        T0,
        T0,
      );
      expect(observer.spend.totals('b1', T0).spent).toBe('0');
      // The quiet check looks once a second and reloads on its second look at an unmoved counter.
      await vi.waitFor(() => expect(observer.spend.totals('b1', T0).spent).toBe('0.25'), { timeout: 4_000 });
      expect(observer.spend.totals('b1', T0).reserved).toBe('0');
      // It learned it from Redis itself: nothing was published after the budget's put.
      expect(messages).toEqual([]);
    } finally {
      writer.disconnect();
      listener.disconnect();
      await observer.close();
    }
  });

  it('reloads only when Redis is ahead and has not moved since the last look', async () => {
    let seq = 5;
    let latest = 5;
    let reloads = 0;
    const check = new QuietCheck(
      async () => seq,
      () => latest,
      async () => {
        reloads++;
        latest = seq;
      },
      60_000,
    );
    await check.look();
    seq = 7; // a writer is active: its flush may still come
    await check.look();
    expect(reloads).toBe(0);
    await check.look(); // still 7, still ahead: nobody will announce it
    expect(reloads).toBe(1);
    await check.look();
    expect(reloads).toBe(1);
    const failing = new QuietCheck(
      async () => {
        throw new Error('Redis away');
      },
      () => 0,
      async () => {
        reloads++;
      },
    );
    await failing.look();
    expect(reloads).toBe(1);
  });
});
