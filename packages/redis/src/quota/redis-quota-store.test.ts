import { type Clock, SystemClock } from '@apikeyrouter/core';
import type { QuotaReserveRequest } from '@apikeyrouter/core/store';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const T0 = 1_767_225_600_000;
const amounts = { requests: 1, inputTokens: 100, outputTokens: 50 };

function request(id: string, now: number, limits: QuotaReserveRequest['limits'] = {}): QuotaReserveRequest {
  return { keyId: 'key-a', reservationId: id, amounts, limits, now, expiresAt: now + 30_000 };
}

describe('RedisQuotaStore', () => {
  it('reserve-if-fits is atomic: 50 concurrent reserves against rpm 10 hold exactly 10', async () => {
    const { quota } = await redis.stores();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => quota.reserve(request(`r${i}`, T0, { requests_per_minute: 10 }))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    const refusal = results.find((r) => !r.ok);
    expect(refusal).toEqual({ ok: false, dimension: 'requests_per_minute', used: 0, held: 10, limit: 10 });
  });

  it('commit counts actual usage in the window until it rolls; commit and release act once', async () => {
    const { quota } = await redis.stores();
    expect(await quota.reserve(request('a', T0, { tokens_per_minute: 1000 }))).toEqual({ ok: true });
    const actual = { requests: 1, inputTokens: 300, outputTokens: 200 };
    expect(await quota.commit({ keyId: 'key-a', reservationId: 'a', actual, now: T0 + 500 })).toBe(true);
    expect(await quota.commit({ keyId: 'key-a', reservationId: 'a', actual, now: T0 + 600 })).toBe(false);
    expect(await quota.release({ keyId: 'key-a', reservationId: 'a', now: T0 + 600 })).toBe(false);
    const snap = await quota.snapshot('key-a', T0 + 1000);
    expect(snap?.used.tokens_per_minute).toBe(500);
    expect(snap?.used.requests_per_day).toBe(1);
    expect(snap?.held.concurrency).toBe(0);
    const late = await quota.snapshot('key-a', T0 + 63_000);
    expect(late?.used.tokens_per_minute).toBe(0);
    expect(late?.used.tokens_per_day).toBe(500);
  });

  it('a repeated reserve of the same id holds once; the concurrency limit counts live holds', async () => {
    const { quota } = await redis.stores();
    expect(await quota.reserve(request('x', T0, { concurrency: 1 }))).toEqual({ ok: true });
    expect(await quota.reserve(request('x', T0, { concurrency: 1 }))).toEqual({ ok: true });
    expect(await quota.reserve(request('y', T0, { concurrency: 1 }))).toEqual({
      ok: false,
      dimension: 'concurrency',
      used: 0,
      held: 1,
      limit: 1,
    });
  });

  it('an expired hold is gone on read, counts as used with what it held, and its commit is harmless', async () => {
    const { quota } = await redis.stores();
    await quota.reserve({ ...request('h', T0, { concurrency: 1 }), expiresAt: T0 + 5_000 });
    expect((await quota.snapshot('key-a', T0 + 4_999))?.held.concurrency).toBe(1);
    const after = await quota.snapshot('key-a', T0 + 5_000);
    expect(after?.held.concurrency).toBe(0);
    expect(after?.used.requests_per_minute).toBe(1);
    expect(after?.used.tokens_per_minute).toBe(150);
    const actual = { requests: 1, inputTokens: 1, outputTokens: 1 };
    expect(await quota.commit({ keyId: 'key-a', reservationId: 'h', actual, now: T0 + 6_000 })).toBe(false);
    expect((await quota.snapshot('key-a', T0 + 6_000))?.used.tokens_per_minute).toBe(150);
  });

  it('shares provider facts: a block refuses every replica until it ends; learned limits are kept', async () => {
    const one = await redis.stores({ prefix: 'facts' });
    const two = await redis.stores({ prefix: 'facts' });
    // Both replicas read the same (virtual) clock: their first calls map it onto Redis TIME.
    await Promise.all([one.quota.snapshot('key-a', T0), two.quota.snapshot('key-a', T0)]);
    await one.quota.observe(
      'key-a',
      {
        blockedUntil: T0 + 10_000,
        blockedDimension: 'tokens_per_minute',
        learnedLimits: { requests_per_minute: 42 },
      },
      T0,
    );
    const blocked = await two.quota.reserve(request('b', T0 + 1_000));
    expect(blocked).toMatchObject({ ok: false, dimension: 'tokens_per_minute', used: 0, held: 0, limit: 0 });
    // Each replica maps its clock onto Redis TIME to within one round trip, so the instant may move a little.
    const retryAt = blocked.ok ? 0 : (blocked.retryAt ?? 0);
    expect(Math.abs(retryAt - (T0 + 10_000))).toBeLessThan(50);
    expect(await two.quota.reserve(request('c', T0 + 10_100))).toEqual({ ok: true });
    const snap = await two.quota.snapshot('key-a', T0 + 10_100);
    expect(snap?.facts).toEqual({ learnedLimits: { requests_per_minute: 42 } });
    await two.quota.remove('key-a');
    expect(await one.quota.snapshot('key-a', T0 + 10_100)).toBeUndefined();
  });

  it('replicas with clocks a second apart count the same windows (server clock)', async () => {
    const system = new SystemClock();
    const skewed = (by: number): Clock => ({
      now: () => system.now() + by,
      setTimeout: (callback, ms) => system.setTimeout(callback, ms),
      clearTimeout: (handle) => system.clearTimeout(handle),
      sleep: (ms, signal) => system.sleep(ms, signal),
    });
    const ahead = await redis.stores({ prefix: 'skew', clock: skewed(1_000) });
    const behind = await redis.stores({ prefix: 'skew', clock: skewed(-1_000) });
    const real = system.now();
    // Each replica's first call maps its own clock onto Redis TIME.
    expect(await ahead.quota.reserve(request('s0', real + 1_000, { requests_per_minute: 3 }))).toEqual({
      ok: true,
    });
    expect(await behind.quota.reserve(request('s1', real - 1_000, { requests_per_minute: 3 }))).toEqual({
      ok: true,
    });
    expect(await behind.quota.reserve(request('s2', real - 1_000, { requests_per_minute: 3 }))).toEqual({
      ok: true,
    });
    // 3 of 3 held: the replica whose clock is ahead sees them all, however its clock reads.
    const refused = await ahead.quota.reserve(request('s3', real + 1_000, { requests_per_minute: 3 }));
    expect(refused).toMatchObject({ ok: false, held: 3 });
    for (const [stores, id, now] of [
      [ahead, 's0', real + 1_000],
      [behind, 's1', real - 1_000],
      [behind, 's2', real - 1_000],
    ] as const) {
      await stores.quota.commit({ keyId: 'key-a', reservationId: id, actual: amounts, now });
    }
    // Committed at once, so counted from then: 60 s later on either clock the three requests are still
    // counted; 62 s later both see them gone.
    const a60 = await ahead.quota.snapshot('key-a', real + 1_000 + 60_000);
    const b60 = await behind.quota.snapshot('key-a', real - 1_000 + 60_000);
    expect(a60?.used.requests_per_minute).toBe(3);
    expect(b60?.used.requests_per_minute).toBe(3);
    const a62 = await ahead.quota.snapshot('key-a', real + 1_000 + 62_000);
    const b62 = await behind.quota.snapshot('key-a', real - 1_000 + 62_000);
    expect(a62?.used.requests_per_minute).toBe(0);
    expect(b62?.used.requests_per_minute).toBe(0);
  });
});
