import type { QuotaAmounts, QuotaReserveRequest, QuotaReserveResult } from '@apikeyrouter/core/store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leaseSettings } from '../lease/lease-options.js';
import { QuotaLease, type QuotaTriple } from './quota-lease.js';
import { type QuotaLeaseBackend, QuotaLeases } from './quota-leases.js';

const T0 = 1_767_225_600_000;
const amounts = { requests: 1, inputTokens: 100, outputTokens: 50 };

/** A backend that grants or refuses as told and records every call. */
function backend(answer: (request: QuotaReserveRequest) => QuotaReserveResult = () => ({ ok: true })) {
  const calls = {
    reserves: [] as Array<{ request: QuotaReserveRequest; usageDelayMs: number }>,
    commits: [] as Array<{ id: string; actual: QuotaAmounts }>,
  };
  let version: number | undefined = 1;
  const api: QuotaLeaseBackend = {
    reserve: async (request, usageDelayMs) => {
      calls.reserves.push({ request, usageDelayMs });
      return answer(request);
    },
    commit: async (_keyId, id, actual) => {
      calls.commits.push({ id, actual });
      return true;
    },
    version: () => version,
    now: () => T0,
  };
  return { api, calls, setVersion: (v: number) => (version = v) };
}

function request(id: string, now = T0, limits: QuotaReserveRequest['limits'] = {}): QuotaReserveRequest {
  return { keyId: 'k', reservationId: id, amounts, limits, now, expiresAt: now + 30_000 };
}

const settings = leaseSettings({ activeMs: 1_000, maxRequests: 64 });
if (settings === undefined) throw new Error('settings');

describe('QuotaLeases', () => {
  it('fetches one lease for the first request and admits the next ones locally, counting usage after its active period', async () => {
    const { api, calls } = backend();
    const leases = new QuotaLeases(settings, api);
    expect(await leases.reserve(request('a'))).toEqual({ ok: true });
    expect(await leases.reserve(request('b', T0 + 1))).toEqual({ ok: true });
    expect(calls.reserves).toHaveLength(1);
    const lease = calls.reserves[0];
    expect(lease?.usageDelayMs).toBe(1_000);
    expect(lease?.request.amounts).toEqual({ requests: 4, inputTokens: 400, outputTokens: 200 });
    // Long enough for a request admitted at the end of its period to finish.
    expect(lease?.request.expiresAt).toBe(T0 + 1_000 + 30_000);
    leases.commit('k', 'a', { requests: 1, inputTokens: 90, outputTokens: 10 }, T0 + 5);
    leases.release('k', 'b', T0 + 5);
    leases.retireAll();
    expect(calls.commits).toEqual([
      { id: lease?.request.reservationId, actual: { requests: 1, inputTokens: 90, outputTokens: 10 } },
    ]);
  });

  it('settles a retired lease only when its last request is done', async () => {
    const { api, calls } = backend();
    const leases = new QuotaLeases(settings, api);
    await leases.reserve(request('a'));
    leases.retireAll();
    expect(calls.commits).toHaveLength(0);
    expect(leases.commit('k', 'a', amounts, T0 + 10)).toBe(true);
    expect(calls.commits).toHaveLength(1);
    // Settled once: a repeat is not a lease-admitted request any more.
    expect(leases.commit('k', 'a', amounts, T0 + 11)).toBeUndefined();
  });

  it('admits nothing past its active period, past its expiry, or on another key-state version', async () => {
    const { api, calls, setVersion } = backend();
    const leases = new QuotaLeases(settings, api);
    await leases.reserve(request('a'));
    await leases.reserve(request('late', T0 + 1_000));
    expect(calls.reserves).toHaveLength(2);
    await leases.reserve({ ...request('long', T0 + 1_001), expiresAt: T0 + 1_001 + 120_000 });
    expect(calls.reserves).toHaveLength(3);
    setVersion(2);
    await leases.reserve(request('changed', T0 + 1_002));
    expect(calls.reserves).toHaveLength(4);
    expect(calls.reserves[3]?.request.amounts.requests).toBeGreaterThan(1);
  });

  it('does not lease keys with a concurrency limit or whose share of a limit is under two requests', async () => {
    const { api } = backend();
    const leases = new QuotaLeases(settings, api);
    expect(await leases.reserve(request('c', T0, { concurrency: 5 }))).toBeUndefined();
    // 1/16 of 20 rpm is one request: reserve one by one.
    expect(await leases.reserve(request('r', T0, { requests_per_minute: 20 }))).toBeUndefined();
    // 1/16 of 64 rpm is four requests.
    expect(await leases.reserve(request('s', T0, { requests_per_minute: 64 }))).toEqual({ ok: true });
  });

  it('after a refused lease the key reserves one by one for an active period; a block refusal is passed on', async () => {
    let refuse: QuotaReserveResult = {
      ok: false,
      dimension: 'requests_per_minute',
      used: 9,
      held: 0,
      limit: 10,
    };
    const { api, calls } = backend(() => refuse);
    const leases = new QuotaLeases(settings, api);
    expect(await leases.reserve(request('a'))).toBeUndefined();
    expect(await leases.reserve(request('b', T0 + 999))).toBeUndefined();
    expect(calls.reserves).toHaveLength(1);
    refuse = { ok: false, dimension: 'tokens_per_minute', used: 0, held: 0, limit: 0, retryAt: T0 + 5_000 };
    expect(await leases.reserve(request('c', T0 + 1_000))).toEqual(refuse);
  });

  it('follows limits that drop by less than the room left at the grant; a larger drop or a new limit asks Redis again', async () => {
    const { api, calls } = backend(() => ({ ok: true, room: { requests_per_minute: 100 } }));
    const leases = new QuotaLeases(settings, api);
    // Each request is released at once, so the lease never runs low (no background fetch in between).
    const once = async (id: string, now: number, limits: QuotaReserveRequest['limits']) => {
      await leases.reserve(request(id, now, limits));
      leases.release('k', id, now);
    };
    await once('a', T0, { requests_per_minute: 1_600 });
    // Usage only the provider saw lowers the limit a caller passes: a drop within the room left is followed …
    await once('b', T0 + 1, { requests_per_minute: 1_500 });
    await once('c', T0 + 2, { requests_per_minute: 1_700 });
    expect(calls.reserves).toHaveLength(1);
    // … more is not, nor a limit the lease was not granted under.
    await once('d', T0 + 3, { requests_per_minute: 1_499 });
    expect(calls.reserves).toHaveLength(2);
    await once('e', T0 + 4, { requests_per_minute: 1_499, tokens_per_minute: 1_000_000 });
    expect(calls.reserves).toHaveLength(3);
    expect(calls.reserves[2]?.request.limits).toEqual({
      requests_per_minute: 1_499,
      tokens_per_minute: 1_000_000,
    });
  });

  it('a repeated reserve of an admitted id holds once', async () => {
    const { api, calls } = backend();
    const leases = new QuotaLeases(settings, api);
    expect(await leases.reserve(request('a'))).toEqual({ ok: true });
    expect(await leases.reserve(request('a'))).toEqual({ ok: true });
    expect(leases.commit('k', 'a', amounts, T0 + 1)).toBe(true);
    await leases.retireAll();
    expect(calls.commits).toHaveLength(1);
    expect(calls.commits[0]?.actual.requests).toBe(1);
  });

  it('a key retired while its lease is on its way (a block) never admits on that lease', async () => {
    let grant: (result: QuotaReserveResult) => void = () => undefined;
    const { api, calls } = backend();
    api.reserve = (request, usageDelayMs) => {
      calls.reserves.push({ request, usageDelayMs });
      return new Promise((resolve) => {
        grant = resolve;
      });
    };
    const leases = new QuotaLeases(settings, api);
    const first = leases.reserve(request('a'));
    leases.retireKey('k');
    grant({ ok: true });
    // Not admitted on the lease: the caller reserves in Redis by itself (and meets the block there).
    expect(await first).toBeUndefined();
    // The lease was settled at once, having used nothing.
    expect(calls.commits).toEqual([
      {
        id: calls.reserves[0]?.request.reservationId,
        actual: { requests: 0, inputTokens: 0, outputTokens: 0 },
      },
    ]);
  });

  it('retireAll waits for a lease on its way and settles it', async () => {
    let grant: (result: QuotaReserveResult) => void = () => undefined;
    const { api, calls } = backend();
    api.reserve = () => new Promise((resolve) => (grant = resolve));
    const leases = new QuotaLeases(settings, api);
    const first = leases.reserve(request('a'));
    let retired = false;
    const retiring = leases.retireAll().then(() => (retired = true));
    await Promise.resolve();
    expect(retired).toBe(false);
    grant({ ok: true });
    await retiring;
    await first;
    expect(calls.commits).toHaveLength(1);
  });

  it("a commit or release past the request's own expiry answers false and counts what it held", async () => {
    const { api, calls } = backend();
    const leases = new QuotaLeases(settings, api);
    await leases.reserve(request('a'));
    expect(leases.commit('k', 'a', { requests: 1, inputTokens: 1, outputTokens: 1 }, T0 + 30_000)).toBe(
      false,
    );
    await leases.retireAll();
    expect(calls.commits[0]?.actual).toEqual(amounts);
  });

  it('requests waiting on one fetch share it', async () => {
    const { api, calls } = backend();
    const leases = new QuotaLeases(settings, api);
    const results = await Promise.all([0, 1, 2].map((i) => leases.reserve(request(`w${i}`))));
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    // One fetch for the three, then (the lease running low) the next one in the background.
    expect(calls.reserves.map((call) => call.request.amounts.requests)).toEqual([4, 8]);
    for (const i of [0, 1, 2]) leases.commit('k', `w${i}`, amounts, T0 + 1);
    leases.retireAll();
    const first = calls.commits.find((c) => c.id === calls.reserves[0]?.request.reservationId);
    expect(first?.actual.requests).toBe(3);
  });

  it('fetches the next lease in the background when one runs low, growing the size', async () => {
    const { api, calls } = backend();
    const leases = new QuotaLeases(settings, api);
    for (let i = 0; i < 40; i++) {
      const result = await leases.reserve(request(`n${i}`, T0 + i));
      expect(result).toEqual({ ok: true });
      leases.commit('k', `n${i}`, amounts, T0 + i);
    }
    const sizes = calls.reserves.map((call) => call.request.amounts.requests);
    expect(sizes[0]).toBe(4);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(16);
    expect(calls.reserves.length).toBeLessThan(10);
  });
});

describe('QuotaLease', () => {
  it('what live requests hold plus what settled ones used never exceeds the lease (fast-check)', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('take' as const),
        id: fc.nat(20),
        want: fc.tuple(fc.nat(3), fc.nat(300), fc.nat(300)),
      }),
      fc.record({
        kind: fc.constant('commit' as const),
        id: fc.nat(20),
        used: fc.tuple(fc.nat(3), fc.nat(300), fc.nat(300)),
      }),
      fc.record({ kind: fc.constant('release' as const), id: fc.nat(20) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const amounts: QuotaTriple = [10, 1_000, 1_000];
        const lease = new QuotaLease({
          id: 'L',
          key: 'k',
          keyId: 'k',
          limits: {},
          version: undefined,
          size: 10,
          amounts,
          grantedAt: T0,
          activeUntil: T0 + 1_000,
          expiresAt: T0 + 31_000,
        });
        const live = new Map<number, QuotaTriple>();
        for (const o of ops) {
          if (o.kind === 'take') {
            if (lease.take(String(o.id), o.want)) live.set(o.id, o.want);
          } else if (live.has(o.id)) {
            const want = live.get(o.id) as QuotaTriple;
            // Actual usage is what the request held at most here (an estimate is an upper bound).
            const used: QuotaTriple | undefined =
              o.kind === 'commit'
                ? [Math.min(o.used[0], want[0]), Math.min(o.used[1], want[1]), Math.min(o.used[2], want[2])]
                : undefined;
            expect(lease.finish(String(o.id), used)).toBe(true);
            live.delete(o.id);
          } else {
            expect(lease.finish(String(o.id), undefined)).toBe(false);
          }
          for (let d = 0; d < 3; d++) {
            let held = 0;
            for (const want of live.values()) held += want[d] as number;
            expect(held + (lease.used[d] as number)).toBeLessThanOrEqual(amounts[d] as number);
            expect(lease.remaining[d]).toBeGreaterThanOrEqual(0);
            expect(held + (lease.used[d] as number) + (lease.remaining[d] as number)).toBe(amounts[d]);
          }
        }
      }),
    );
  });
});
