import { describe, expect, it, vi } from 'vitest';
import { SPEND_RESERVE } from '../scripts/spend-lua.js';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';
import type { RedisSpendStore } from './redis-spend-store.js';
import {
  COMMIT_LINE,
  capped,
  countedRuns,
  Exact,
  hardBudget,
  leaseReplicas,
  request,
  TTL,
} from './spend-lease.test-helpers.js';
import { reserveArgs } from './spend-script-args.js';

const replicas = leaseReplicas(useRedisServer());
const { replica, inRedis, scriptCalls } = replicas;

describe('spend leases', () => {
  it.each([
    ['inline', 0],
    ['background', 5],
  ])(
    'two leasing replicas never overshoot a hard budget; spend and request count are exact (%s settlement)',
    async (mode, delay) => {
      const prefix = `lease-race-${mode}`;
      const a = await replica(prefix, true, { settleDelayMs: delay });
      const b = await replica(prefix, true, { settleDelayMs: delay });
      await a.spend.putBudget(hardBudget('1'));
      await vi.waitFor(() => expect(b.spend.getBudget('b1')).toBeDefined());
      let committed = new Exact(0);
      let requests = 0;
      let local = 0;
      let refused = 0;
      let next = 0;
      // 2,000 requests of 0.001 on a budget of 1, 40 at a time per replica; actuals below the amount, so the
      // budget fills up part way and the last ones go to Redis one by one, and are refused there.
      const worker = async (store: RedisSpendStore, name: string) => {
        while (next < 2_000) {
          const n = next++;
          const id = `${name}${n}`;
          const result = await store.reserve(request(id, '0.001', '1'));
          if (!result.ok) {
            refused++;
            continue;
          }
          if (store.leaseAdmission(id) === 'local') local++;
          if (n % 10 === 0) {
            expect(await store.release(id, Date.now())).toBe(true);
            continue;
          }
          const actual = new Exact(600 + (n % 400)).div(1_000_000).toFixed();
          const spent = await store.commit({
            reservationId: id,
            actual,
            lines: [COMMIT_LINE],
            at: Date.now(),
          });
          expect(spent?.b1).toBeDefined();
          expect(new Exact(spent?.b1 ?? '2').lte(1)).toBe(true);
          committed = committed.plus(actual);
          requests++;
        }
      };
      await Promise.all([
        ...Array.from({ length: 40 }, (_, i) => worker(a.spend, `a${i}-`)),
        ...Array.from({ length: 40 }, (_, i) => worker(b.spend, `b${i}-`)),
      ]);
      await Promise.all([a.close(), b.close()]);
      const redisView = await inRedis(prefix);
      expect(new Exact(redisView.spent).eq(committed)).toBe(true);
      expect(new Exact(redisView.spent).lte(1)).toBe(true);
      expect(redisView.reserved).toBe('0');
      expect(redisView.requests).toBe(requests);
      // Leases did the work, and the budget did fill up.
      expect(local).toBeGreaterThan(800);
      expect(refused).toBeGreaterThan(0);
    },
  );

  it('a lease-admitted reserve makes no Redis call; the first of its lines does, the next lease comes early', async () => {
    const prefix = 'lease-calls';
    const a = await replica(prefix, { activeMs: 10_000 });
    await a.spend.putBudget(hardBudget('100'));
    const run = await countedRuns(a);
    const before = await scriptCalls();
    expect(await a.spend.reserve(request('first', '0.01', '100'))).toEqual({ ok: true });
    expect(a.spend.leaseAdmission('first')).toBe('acquired');
    expect(run.names()).toEqual(['spend.reserve']);
    expect(await scriptCalls()).toBe(before + 1);
    // The lease holds 4 requests' worth in Redis, as one hold.
    expect(a.spend.totals('b1', 0).reserved).toBe('0.04');
    await a.spend.flushChanges();
    run.clear();
    const calls = await scriptCalls();
    expect(await a.spend.reserve(request('second', '0.01', '100'))).toEqual({ ok: true });
    expect(a.spend.leaseAdmission('second')).toBe('local');
    const second = { reservationId: 'second', actual: '0.004', lines: [COMMIT_LINE], at: Date.now() };
    expect(await a.spend.commit(second)).toEqual({ b1: '0.004' });
    expect(run.names()).toEqual([]);
    expect(await scriptCalls()).toBe(calls);

    // Below half its room (0.016 of 0.04 left) before half its period: the next lease is asked for in the
    // background — twice as large, since this one would run out early — and the request did not wait for it.
    expect(await a.spend.reserve(request('third', '0.01', '100'))).toEqual({ ok: true });
    expect(a.spend.leaseAdmission('third')).toBe('local');
    expect(run.ids()).toEqual([expect.stringMatching(/^L:/)]);
    await vi.waitFor(() => expect(a.spend.totals('b1', 0)).toEqual({ spent: '0.004', reserved: '0.116' }));
    for (const id of ['fourth', 'fifth']) {
      expect(await a.spend.reserve(request(id, '0.01', '100'))).toEqual({ ok: true });
      expect(a.spend.leaseAdmission(id)).toBe('local');
    }
    expect(run.ids()).toHaveLength(1);
    run.clear();
    const actuals = { first: '0.01', third: '0.003', fourth: '0.002', fifth: '0.001' };
    for (const [id, actual] of Object.entries(actuals))
      await a.spend.commit({ reservationId: id, actual, lines: [COMMIT_LINE], at: Date.now() });
    await a.spend.retireLeases();
    // ONE commit per lease, counting its requests.
    expect(run.names()).toEqual(['spend.commit', 'spend.commit']);
    expect(await inRedis(prefix)).toEqual({ spent: '0.02', reserved: '0', requests: 5 });
  });

  it('a lease ends with its active period and is settled by itself', async () => {
    const prefix = 'lease-period';
    const a = await replica(prefix, { activeMs: 1_000 });
    await a.spend.putBudget(hardBudget('100'));
    expect(await a.spend.reserve(request('p1', '0.01', '100'))).toEqual({ ok: true });
    await a.spend.commit({ reservationId: 'p1', actual: '0.0075', lines: [COMMIT_LINE], at: Date.now() });
    // This replica reads its own commit at once (the lease's hold still holds it in Redis) …
    expect(a.spend.totals('b1', 0)).toEqual({ spent: '0.0075', reserved: '0.0325' });
    expect((await inRedis(prefix)).spent).toBe('0');
    // … and Redis has it once the lease is settled, at the end of its period.
    await vi.waitFor(() => expect(a.spend.totals('b1', 0)).toEqual({ spent: '0.0075', reserved: '0' }), {
      timeout: 5_000,
    });
    expect((await inRedis(prefix)).requests).toBe(1);
  });

  it('near the limit a lease is capped, then refused, and requests reserve one by one, still exact', async () => {
    const prefix = 'lease-near';
    const a = await replica(prefix, { activeMs: 10_000 });
    await a.spend.putBudget(hardBudget('0.05'));
    // 1/16 of the headroom (0.003125) covers 3 requests of 0.001, not the 4 a first lease wants.
    expect(await a.spend.reserve(request('c1', '0.001', '0.05'))).toEqual({ ok: true });
    expect(a.spend.totals('b1', 0).reserved).toBe('0.003');
    await a.spend.retireLeases();
    await a.spend.release('c1', Date.now());
    await vi.waitFor(() => expect(a.spend.totals('b1', 0).reserved).toBe('0'));

    // Another replica holds almost everything, unannounced (its flush is still to come): this replica's view
    // says the budget is empty, so it asks for a lease of 0.003 that Redis refuses.
    const at = await a.connection.toStoreTime(Date.now());
    await replicas
      .admin()
      .eval(
        SPEND_RESERVE.source,
        1,
        `${prefix}:{${prefix}:spend}`,
        ...reserveArgs(`${prefix}:spend-changes`, request('other', '0.048', '0.05', at), at, ''),
      );
    expect(a.spend.totals('b1', 0).reserved).toBe('0');
    const run = await countedRuns(a);
    const results = [];
    for (const id of ['n1', 'n2', 'n3']) {
      results.push(await a.spend.reserve(request(id, '0.001', '0.05')));
      expect(a.spend.leaseAdmission(id)).toBeUndefined();
    }
    // The lease refused, then every request by itself; the refusal taught the replica the budget's totals.
    expect(run.names().filter((name) => name === 'spend.reserve')).toHaveLength(4);
    expect(results).toEqual([
      { ok: true },
      { ok: true },
      { ok: false, failed: [{ budgetId: 'b1', spent: '0', reserved: '0.05' }] },
    ]);
    for (const id of ['n1', 'n2'])
      await a.spend.commit({ reservationId: id, actual: '0.001', lines: [COMMIT_LINE], at: Date.now() });
    expect(await inRedis(prefix)).toEqual({ spent: '0.002', reserved: '0.048', requests: 2 });
  });

  it('no lease is asked for on headroom too small for two requests', async () => {
    const a = await replica('lease-small', true);
    await a.spend.putBudget(hardBudget('0.01'));
    const run = await countedRuns(a);
    for (let i = 0; i < 3; i++) {
      expect(await a.spend.reserve(request(`s${i}`, '0.001', '0.01'))).toEqual({ ok: true });
      expect(a.spend.leaseAdmission(`s${i}`)).toBeUndefined();
    }
    expect(run.names().filter((name) => name === 'spend.reserve')).toHaveLength(3);
    expect(a.spend.totals('b1', 0).reserved).toBe('0.003');
  });

  it('a replica that dies without settling leaves a hold that expires at the lease expiry', async () => {
    const prefix = 'lease-crash';
    const a = await replica(prefix, { activeMs: 60_000 });
    const b = await replica(prefix);
    await a.spend.putBudget(hardBudget('1'));
    const at = Date.now();
    expect(await a.spend.reserve(request('k1', '0.01', '1', at))).toEqual({ ok: true });
    expect(await a.spend.reserve(request('k2', '0.01', '1', at))).toEqual({ ok: true });
    await a.spend.commit({ reservationId: 'k1', actual: '0.01', lines: [COMMIT_LINE], at });
    await a.spend.flushChanges();
    // Killed: no retire, no settlement, its connections gone.
    a.kill();
    await vi.waitFor(() => expect(b.spend.totals('b1', 0).reserved).toBe('0.04'));
    // Until the lease's expiry (its active period plus the request's life) the slice stays held …
    expect(await b.spend.release('nothing', at + 60_000 + TTL - 1_000)).toBe(false);
    expect(b.spend.totals('b1', 0).reserved).toBe('0.04');
    // … then the next call anywhere sweeps it: the budget is whole again (the dead replica's spend is lost).
    // (A second later: each replica's clock maps onto Redis's to within a round trip.)
    expect(await b.spend.release('nothing', at + 60_000 + TTL + 1_000)).toBe(false);
    expect(b.spend.totals('b1', 0)).toEqual({ spent: '0', reserved: '0' });
  });

  it('commit and release of lease-admitted ids answer as the SpendStore contract says', async () => {
    const a = await replica('lease-contract', { activeMs: 10_000 });
    await a.spend.putBudget(hardBudget('100'));
    const at = Date.now();
    for (const id of ['x1', 'x2', 'x3', 'x4'])
      expect(await a.spend.reserve(request(id, '0.01', '100', at))).toEqual({ ok: true });
    // A repeated reserve (a lost reply) holds nothing twice.
    expect(await a.spend.reserve(request('x2', '0.01', '100', at))).toEqual({ ok: true });
    const commit = { reservationId: 'x1', actual: '0.005', lines: [COMMIT_LINE], at };
    expect(await a.spend.commit(commit)).toEqual({ b1: '0.005' });
    expect(await a.spend.commit(commit)).toBeUndefined();
    expect(await a.spend.release('x1', at)).toBe(false);
    expect(await a.spend.release('x2', at)).toBe(true);
    expect(await a.spend.release('x2', at)).toBe(false);
    expect(await a.spend.commit({ ...commit, reservationId: 'x2' })).toBeUndefined();
    expect(await a.spend.commit({ ...commit, reservationId: 'never' })).toBeUndefined();
    // Past its expiry a reservation is gone: nothing counted.
    expect(await a.spend.commit({ ...commit, reservationId: 'x3', at: at + TTL })).toBeUndefined();
    expect(await a.spend.release('x4', at + TTL)).toBe(false);
    await a.spend.retireLeases();
    expect(a.spend.totals('b1', 0)).toEqual({ spent: '0.005', reserved: '0' });
  });

  it('reserves that are replays, strict or free are never leased', async () => {
    const a = await replica('lease-plain', true);
    await a.spend.putBudget(hardBudget('100'));
    const at = Date.now();
    await a.spend.reserve(request('r1', '0.01', '100', at), false);
    await a.spend.reserve({ ...request('r2', '0', '100', at), lines: [{ ...capped('100'), strict: true }] });
    await a.spend.reserve(request('r3', '0', '100', at));
    for (const id of ['r1', 'r2', 'r3']) expect(a.spend.leaseAdmission(id)).toBeUndefined();
    expect(a.spend.totals('b1', 0).reserved).toBe('0.01');
  });
});
