import type { QuotaReserveRequest } from '@apikeyrouter/core/store';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const amounts = { requests: 1, inputTokens: 100, outputTokens: 50 };
const actual = { requests: 1, inputTokens: 80, outputTokens: 30 };

function request(id: string, now: number, limits: QuotaReserveRequest['limits']): QuotaReserveRequest {
  return { keyId: 'key-a', reservationId: id, amounts, limits, now, expiresAt: now + 30_000 };
}

/** Script calls Redis has run since `since` (from INFO commandstats). */
async function scriptCalls(client: Redis): Promise<number> {
  const info = await client.info('commandstats');
  const match = /cmdstat_evalsha:calls=(\d+)/.exec(info);
  return Number(match?.[1] ?? 0);
}

describe('quota leases on Redis', () => {
  it('two replicas on leases never hold or count more than the limit; settled, Redis counts exactly what was used', async () => {
    const prefix = 'lease-race';
    const a = await redis.stores({ prefix, leases: { activeMs: 60_000 } });
    const b = await redis.stores({ prefix, leases: { activeMs: 60_000 } });
    const limits = { requests_per_minute: 400, tokens_per_minute: 400 * 150 };
    const now = Date.now();
    let admitted = 0;
    await Promise.all(
      Array.from({ length: 1_000 }, async (_, i) => {
        const store = i % 2 ? a.quota : b.quota;
        const id = `r${i}`;
        const result = await store.reserve(request(id, now, limits));
        if (!result.ok) return;
        admitted++;
        await store.commit({ keyId: 'key-a', reservationId: id, actual, now: now + 1 });
      }),
    );
    expect(admitted).toBeLessThanOrEqual(400);
    // Near the limit the leases are refused and requests reserve one by one: most of the window is used.
    expect(admitted).toBeGreaterThan(300);
    await a.close();
    await b.close();
    const observer = await redis.stores({ prefix });
    const snapshot = await observer.quota.snapshot('key-a', now + 2);
    expect(snapshot?.held.requests_per_minute).toBe(0);
    expect(snapshot?.used.requests_per_minute).toBe(admitted);
    expect(snapshot?.used.tokens_per_minute).toBe(admitted * 110);
  });

  it('admits a steady stream on a handful of script calls instead of one each', async () => {
    const stores = await redis.stores({ prefix: 'lease-calls', leases: true });
    const client = new Redis(redis.server().url);
    try {
      const limits = { requests_per_minute: 1_000_000 };
      const now = Date.now();
      const before = await scriptCalls(client);
      for (let i = 0; i < 200; i++) {
        expect(await stores.quota.reserve(request(`s${i}`, now + i, limits))).toEqual({ ok: true });
        await stores.quota.commit({ keyId: 'key-a', reservationId: `s${i}`, actual, now: now + i });
      }
      // Leases of 4, 8, 16 … 256 requests: one fetch each (a script call, maybe fused with a settlement).
      expect((await scriptCalls(client)) - before).toBeLessThan(20);
    } finally {
      client.disconnect();
    }
  });

  it('a lease is one hold of its whole slice; a replica that dies holding it leaves nothing past its expiry', async () => {
    const dying = await redis.stores({ prefix: 'lease-crash', leases: { activeMs: 60_000 } });
    const observer = await redis.stores({ prefix: 'lease-crash' });
    const now = Date.now();
    const limits = { requests_per_minute: 1_000 };
    expect(await dying.quota.reserve(request('x', now, limits))).toEqual({ ok: true });
    const held = await observer.quota.snapshot('key-a', now);
    expect(held?.held.requests_per_minute).toBe(4);
    // Expiry: the active period plus the request's own lifetime. The dying replica never settles.
    // Each replica maps its clock onto the shared frame to within a round trip: read well clear of the instant.
    const expiry = now + 60_000 + 30_000;
    const before = await observer.quota.snapshot('key-a', expiry - 100);
    expect(before?.held.requests_per_minute).toBe(4);
    const after = await observer.quota.snapshot('key-a', expiry + 100);
    expect(after?.held.requests_per_minute).toBe(0);
    // Counted as used with what it held (its requests may have reached the provider), never as nothing, and
    // no earlier than the end of its active period: it is still in the minute window at its expiry.
    expect(after?.used.requests_per_day).toBe(4);
    expect(after?.used.requests_per_minute).toBe(4);
  });

  it('keys with a concurrency limit reserve one by one, exactly as without leases', async () => {
    const stores = await redis.stores({ prefix: 'lease-conc', leases: true });
    const now = Date.now();
    expect(await stores.quota.reserve(request('c1', now, { concurrency: 1 }))).toEqual({ ok: true });
    expect(await stores.quota.reserve(request('c2', now, { concurrency: 1 }))).toEqual({
      ok: false,
      dimension: 'concurrency',
      used: 0,
      held: 1,
      limit: 1,
    });
  });
});
