import type { QuotaAmounts, QuotaLimits, QuotaStore } from '@apikeyrouter/core/store';
import { describe, expect, it } from 'vitest';
import { type MakeStores, T0, withStores } from './store-set.js';

const ONE: QuotaAmounts = { requests: 1, inputTokens: 60, outputTokens: 40 };
const MINUTE_GONE = 61_000; // 60 s window / 1 s buckets + 1 bucket, from the instant usage is counted at
const DAY_GONE = 98 * 900_000; // (24 h + 1 min margin) / 15 min buckets, rounded up, + 1 bucket

function reserve(quota: QuotaStore, id: string, limits: QuotaLimits, now = T0, amounts = ONE, keyId = 'k') {
  return quota.reserve({ keyId, reservationId: id, amounts, limits, now, expiresAt: now + 120_000 });
}

async function concurrentOk(quota: QuotaStore, count: number, limits: QuotaLimits): Promise<number> {
  const results = await Promise.all(Array.from({ length: count }, (_, i) => reserve(quota, `r${i}`, limits)));
  return results.filter((result) => result.ok).length;
}

/**
 * The {@link QuotaStore} part of the conformance suite.
 *
 * @example
 * describeQuotaStore(make);
 */
export function describeQuotaStore(make: MakeStores): void {
  describe('QuotaStore', () => {
    it('200 concurrent reserves against a request limit: exactly the fitting number succeed', () =>
      withStores(make, async ({ quota }) => {
        expect(await concurrentOk(quota, 200, { requests_per_minute: 50 })).toBe(50);
        const snapshot = await quota.snapshot('k', T0);
        expect(snapshot?.held.requests_per_minute).toBe(50);
        expect(snapshot?.held.concurrency).toBe(50);
        expect(snapshot?.used.requests_per_minute).toBe(0);
      }));

    it('200 concurrent reserves against token, day and concurrency limits', () =>
      withStores(make, async ({ quota }) => {
        expect(await concurrentOk(quota, 200, { tokens_per_minute: 5_000 })).toBe(50);
        await quota.remove('k');
        expect(await concurrentOk(quota, 200, { input_tokens_per_minute: 600 })).toBe(10);
        await quota.remove('k');
        expect(await concurrentOk(quota, 200, { requests_per_day: 30, tokens_per_day: 100_000 })).toBe(30);
        await quota.remove('k');
        expect(await concurrentOk(quota, 200, { concurrency: 7 })).toBe(7);
      }));

    it('refuses with the dimension, its usage, holds and limit, holding nothing', () =>
      withStores(make, async ({ quota }) => {
        expect(await reserve(quota, 'a', { requests_per_minute: 1 })).toEqual({ ok: true });
        expect(await reserve(quota, 'b', { requests_per_minute: 1, tokens_per_minute: 1_000 })).toEqual({
          ok: false,
          dimension: 'requests_per_minute',
          used: 0,
          held: 1,
          limit: 1,
        });
        expect((await quota.snapshot('k', T0))?.held.tokens_per_minute).toBe(100);
      }));

    it('commit is exactly once: concurrent commits of one reservation count it once', () =>
      withStores(make, async ({ quota }) => {
        expect((await reserve(quota, 'r', {})).ok).toBe(true);
        const actual = { requests: 1, inputTokens: 10, outputTokens: 5 };
        const commits = await Promise.all(
          Array.from({ length: 20 }, () =>
            quota.commit({ keyId: 'k', reservationId: 'r', actual, now: T0 + 500 }),
          ),
        );
        expect(commits.filter(Boolean)).toHaveLength(1);
        expect(await quota.release({ keyId: 'k', reservationId: 'r', now: T0 + 600 })).toBe(false);
        const snapshot = await quota.snapshot('k', T0 + 1_000);
        expect(snapshot?.used).toMatchObject({
          requests_per_minute: 1,
          tokens_per_minute: 15,
          output_tokens_per_minute: 5,
        });
        expect(snapshot?.held.concurrency).toBe(0);
      }));

    it('release is exactly once and counts nothing; a repeated reserve of one id holds once', () =>
      withStores(make, async ({ quota }) => {
        expect((await reserve(quota, 'r', {})).ok).toBe(true);
        expect(await reserve(quota, 'r', {})).toEqual({ ok: true });
        expect((await quota.snapshot('k', T0))?.held.requests_per_minute).toBe(1);
        const releases = await Promise.all(
          Array.from({ length: 10 }, () => quota.release({ keyId: 'k', reservationId: 'r', now: T0 })),
        );
        expect(releases.filter(Boolean)).toHaveLength(1);
        expect(await quota.commit({ keyId: 'k', reservationId: 'r', actual: ONE, now: T0 })).toBe(false);
        expect((await quota.snapshot('k', T0))?.used.requests_per_minute ?? 0).toBe(0);
        expect(await quota.commit({ keyId: 'k', reservationId: 'unknown', actual: ONE, now: T0 })).toBe(
          false,
        );
      }));

    it('an expired hold is gone, counted as used in full; settling it afterwards changes nothing', () =>
      withStores(make, async ({ quota }) => {
        const request = { keyId: 'k', reservationId: 'r', amounts: ONE, limits: { concurrency: 1 }, now: T0 };
        expect(await quota.reserve({ ...request, expiresAt: T0 + 1_000 })).toEqual({ ok: true });
        expect((await reserve(quota, 'x', { concurrency: 1 }, T0 + 999)).ok).toBe(false);
        expect((await reserve(quota, 'y', { concurrency: 1 }, T0 + 1_000)).ok).toBe(true);
        expect(await quota.commit({ keyId: 'k', reservationId: 'r', actual: ONE, now: T0 + 1_001 })).toBe(
          false,
        );
        expect(await quota.release({ keyId: 'k', reservationId: 'r', now: T0 + 1_002 })).toBe(false);
        const snapshot = await quota.snapshot('k', T0 + 1_003);
        expect(snapshot?.used).toMatchObject({ requests_per_minute: 1, tokens_per_minute: 100 });
        expect(snapshot?.held.concurrency).toBe(1);
      }));

    it('counts a slow request 1 s after its reservation, per minute and per day, with exact window edges', () =>
      withStores(make, async ({ quota }) => {
        expect((await reserve(quota, 'r', {})).ok).toBe(true);
        expect(await quota.commit({ keyId: 'k', reservationId: 'r', actual: ONE, now: T0 + 30_000 })).toBe(
          true,
        );
        const used = async (now: number) => (await quota.snapshot('k', now))?.used;
        // Answered after the 1 s send allowance: counted from T0 + 1 s, i.e. in the bucket after T0's.
        expect(await used(T0 + 1_000 + MINUTE_GONE - 1)).toMatchObject({
          requests_per_minute: 1,
          requests_per_day: 1,
        });
        expect(await used(T0 + 1_000 + MINUTE_GONE)).toMatchObject({
          requests_per_minute: 0,
          requests_per_day: 1,
        });
        expect((await used(T0 + DAY_GONE - 1))?.tokens_per_day).toBe(100);
        expect((await used(T0 + DAY_GONE))?.tokens_per_day ?? 0).toBe(0);
      }));

    it('counts a fast request from its commit: never before the provider, which counted it on receipt', () =>
      withStores(make, async ({ quota }) => {
        expect((await reserve(quota, 'r', {})).ok).toBe(true);
        expect(await quota.commit({ keyId: 'k', reservationId: 'r', actual: ONE, now: T0 + 400 })).toBe(true);
        const used = async (now: number) => (await quota.snapshot('k', now))?.used;
        // The provider received it at some instant in [T0, T0 + 400] and counts it for 60 s from then.
        expect(await used(T0 + 400 + 60_000)).toMatchObject({ requests_per_minute: 1 });
        expect(await used(T0 + MINUTE_GONE - 1)).toMatchObject({
          requests_per_minute: 1,
          requests_per_day: 1,
        });
        expect(await used(T0 + MINUTE_GONE)).toMatchObject({ requests_per_minute: 0, requests_per_day: 1 });
        expect((await used(T0 + DAY_GONE - 1))?.tokens_per_day).toBe(100);
        expect((await used(T0 + DAY_GONE))?.tokens_per_day ?? 0).toBe(0);
      }));

    it('enforces a per-minute limit over time with an injected clock', () =>
      withStores(make, async ({ quota }) => {
        const limits = { requests_per_minute: 3 };
        for (let i = 0; i < 3; i++) {
          const now = T0 + i * 10_000;
          expect((await reserve(quota, `r${i}`, limits, now)).ok).toBe(true);
          expect(await quota.commit({ keyId: 'k', reservationId: `r${i}`, actual: ONE, now })).toBe(true);
        }
        expect(await reserve(quota, 'late', limits, T0 + 50_000)).toMatchObject({ ok: false, used: 3 });
        expect((await reserve(quota, 'next', limits, T0 + MINUTE_GONE)).ok).toBe(true);
      }));

    it('shares provider blocks (latest wins) and learned limits, and keeps keys apart', () =>
      withStores(make, async ({ quota }) => {
        await quota.observe('k', { blockedUntil: T0 + 5_000, blockedDimension: 'tokens_per_minute' }, T0);
        await quota.observe('k', { blockedUntil: T0 + 2_000 }, T0);
        await quota.observe('k', { learnedLimits: { requests_per_minute: 500 } }, T0);
        expect(await reserve(quota, 'r', {}, T0 + 4_999)).toMatchObject({
          ok: false,
          dimension: 'tokens_per_minute',
          retryAt: T0 + 5_000,
        });
        expect((await reserve(quota, 'other', {}, T0, ONE, 'k2')).ok).toBe(true);
        expect((await quota.snapshot('k', T0))?.facts).toEqual({
          blockedUntil: T0 + 5_000,
          blockedDimension: 'tokens_per_minute',
          learnedLimits: { requests_per_minute: 500 },
        });
        expect((await reserve(quota, 'r', {}, T0 + 5_000)).ok).toBe(true);
      }));

    it('forgets a removed key: its reservations can no longer be settled', () =>
      withStores(make, async ({ quota }) => {
        expect((await reserve(quota, 'r', {})).ok).toBe(true);
        await quota.remove('k');
        expect(await quota.snapshot('k', T0)).toBeUndefined();
        expect(await quota.commit({ keyId: 'k', reservationId: 'r', actual: ONE, now: T0 })).toBe(false);
      }));
  });
}
