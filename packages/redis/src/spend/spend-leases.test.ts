import { SystemClock } from '@apikeyrouter/core';
import type { BudgetRecord, SpendLine, SpendReserveRequest } from '@apikeyrouter/core/store';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisConnection } from '../connection/redis-connection.js';
import { type LeaseOptions, leaseSettings } from '../lease/lease-options.js';
import { HOT_PATH } from '../scripts/hot-path-lua.js';
import { SPEND_RESERVE } from '../scripts/spend-lua.js';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';
import { RedisSpendStore } from './redis-spend-store.js';
import { SpendLease } from './spend-lease.js';
import type { LeaseBackend } from './spend-lease-settle.js';
import { SpendLeases } from './spend-leases.js';
import { reserveArgs } from './spend-script-args.js';

const redis = useRedisServer();
const Exact = Decimal.clone({ precision: 100 });
const SERIES = [{ dimension: 'global' as const, id: '*' }];
const TTL = 30_000;

function hardBudget(limit: string): BudgetRecord {
  return { id: 'b1', scope: 'global', limit, period: 'total', enforcementMode: 'hard', createdAt: 0 };
}

function capped(limit: string): SpendLine {
  return { budgetId: 'b1', countFrom: 0, bucketStart: 0, limit };
}

const COMMIT_LINE: SpendLine = { budgetId: 'b1', countFrom: 0, bucketStart: 0 };

function request(id: string, amount: string, limit: string, at = Date.now()): SpendReserveRequest {
  return { reservationId: id, amount, lines: [capped(limit)], series: SERIES, at, expiresAt: at + TTL };
}

let admin: Redis;
beforeAll(() => {
  admin = new Redis(redis.server().url);
});
afterAll(() => admin.disconnect());

interface Replica {
  connection: RedisConnection;
  spend: RedisSpendStore;
  /** What the stores' close() does with leases: retire them, drain settlements, publish, disconnect. */
  close(): Promise<void>;
  /** Dies: no retire, no settlement, its connections cut. */
  kill(): void;
}

const open: Replica[] = [];
afterAll(async () => {
  await Promise.all(open.map((replica) => replica.close().catch(() => undefined)));
});

async function replica(prefix: string, leases?: boolean | LeaseOptions, settleDelayMs = 0): Promise<Replica> {
  const connection = new RedisConnection({
    url: redis.server().url,
    timeoutMs: 2_000,
    prefix,
    clock: new SystemClock(),
    fuse: HOT_PATH,
    settleDelayMs,
  });
  await connection.ready();
  const spend = new RedisSpendStore(connection, { prefix, leases: leaseSettings(leases) });
  await spend.start();
  let closed = false;
  const made: Replica = {
    connection,
    spend,
    kill: () => {
      closed = true;
      spend.stop();
      connection.client.disconnect();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await spend.retireLeases();
      await connection.settlements.drain();
      await spend.flushChanges().catch(() => undefined);
      spend.stop();
      await connection.close();
    },
  };
  open.push(made);
  return made;
}

/** Script calls Redis has run so far (EVALSHA and EVAL), from its own counters. */
async function scriptCalls(): Promise<number> {
  const stats = (await admin.info('commandstats')) as string;
  const count = (name: string) => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
  return count('evalsha') + count('eval');
}

/** Counts the store's script calls from now on (after the clock offset is measured: the first call does). */
async function countedRuns(
  replica: Replica,
): Promise<{ names(): string[]; ids(): unknown[]; clear(): void }> {
  await replica.connection.toStoreTime(Date.now());
  const run = vi.spyOn(replica.connection, 'run');
  return {
    names: () => run.mock.calls.map((call) => call[0].name),
    // The reservation ids of the reserves sent (ARGV[2]).
    ids: () => run.mock.calls.filter((call) => call[0].name === 'spend.reserve').map((call) => call[2][1]),
    clear: () => run.mockClear(),
  };
}

/** Redis's own view of the budget, read by a fresh replica (no lease, nothing cached). */
async function inRedis(prefix: string): Promise<{ spent: string; reserved: string; requests: number }> {
  const reader = await replica(prefix);
  const totals = reader.spend.totals('b1', 0);
  const series = await reader.spend.spendBetween(SERIES[0] as (typeof SERIES)[0], 0, Date.now() + 3_600_000);
  await reader.close();
  return { ...totals, requests: series.requests };
}

describe('spend leases', () => {
  it.each([
    ['inline', 0],
    ['background', 5],
  ])(
    'two leasing replicas never overshoot a hard budget; spend and request count are exact (%s settlement)',
    async (mode, delay) => {
      const prefix = `lease-race-${mode}`;
      const a = await replica(prefix, true, delay);
      const b = await replica(prefix, true, delay);
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
    await admin.eval(
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

describe('spend lease accounting (model)', () => {
  const UNIT = new Exact('0.0001');
  type Op =
    | { kind: 'admit'; amount: number }
    | { kind: 'commit'; pick: number; actual: number }
    | { kind: 'release'; pick: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('admit' as const), amount: fc.integer({ min: 1, max: 40 }) }),
    // Actuals up to twice the amount: above it, the request spent more than it held.
    fc.record({
      kind: fc.constant('commit' as const),
      pick: fc.nat(),
      actual: fc.integer({ min: 0, max: 80 }),
    }),
    fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
  );

  it('remaining never goes negative; amounts in flight plus committed actuals stay within the lease', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.array(op, { maxLength: 120 }), (size, ops) => {
        const lease = new SpendLease({
          id: 'L:t:1',
          key: 'k',
          amount: UNIT.times(size),
          size,
          at: 0,
          activeUntil: 1_000,
          expiresAt: 31_000,
          lines: [capped('1')],
          series: SERIES,
        });
        const live: Decimal[] = [];
        let committed = new Exact(0);
        // What actuals above their amounts spent past the lease (a plain hold is overspent the same way).
        let overspent = new Exact(0);
        let admitted = 0;
        for (const step of ops) {
          if (step.kind === 'admit') {
            const amount = UNIT.times(step.amount);
            const fits = amount.lte(lease.remaining) && admitted < 8;
            expect(lease.admit(amount, 8)).toBe(fits);
            if (fits) {
              live.push(amount);
              admitted++;
            }
          } else if (live.length > 0) {
            const [amount] = live.splice(step.pick % live.length, 1) as [Decimal];
            if (step.kind === 'release') lease.release(amount);
            else {
              const actual = amount.times(step.actual).div(40);
              const over = Decimal.max(0, actual.minus(amount).minus(lease.remaining));
              lease.commit(amount, actual, [COMMIT_LINE], 0);
              committed = committed.plus(actual);
              overspent = overspent.plus(over);
            }
          }
          expect(lease.remaining.isNegative()).toBe(false);
          const inFlight = live.reduce((sum, amount) => sum.plus(amount), new Exact(0));
          expect(inFlight.plus(committed).lte(lease.amount.plus(overspent))).toBe(true);
          expect(lease.inFlight).toBe(live.length);
          expect(lease.actual.eq(committed)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  type Step =
    | { kind: 'reserve'; amount: number; ttl: number }
    | { kind: 'commit'; pick: number; actual: number }
    | { kind: 'release'; pick: number }
    | { kind: 'advance'; ms: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('reserve' as const),
        amount: fc.integer({ min: 1, max: 3 }),
        ttl: fc.constantFrom(5_000, 30_000),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('commit' as const),
        pick: fc.nat(),
        actual: fc.integer({ min: 0, max: 10 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 3_000 }) }),
    },
  );

  it('the leases Redis holds always cover what their requests hold and spent; settles add up exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 80 }), fc.boolean(), async (steps, refuseSome) => {
        // A fake Redis: lease holds granted (some refused), settles and releases recorded.
        const holds = new Map<string, Decimal>();
        let settledActual = new Exact(0);
        let settledRequests = 0;
        let grants = 0;
        const backend: LeaseBackend = {
          reserve: async (request) => {
            if (!request.reservationId.startsWith('L:')) return { ok: true };
            if (refuseSome && grants++ % 3 === 2)
              return { ok: false, failed: [{ budgetId: 'b1', spent: '0', reserved: '0' }] };
            holds.set(request.reservationId, new Exact(request.amount));
            return { ok: true };
          },
          settle: async (commit, requests, applied) => {
            if (!holds.delete(commit.reservationId)) return { kind: 'gone' };
            settledActual = settledActual.plus(commit.actual);
            settledRequests += requests;
            applied?.({ kind: 'committed', spent: {} });
            return { kind: 'committed', spent: {} };
          },
          release: async (id) => holds.delete(id),
          replica: {
            totals: () => ({ spent: '0', reserved: '0' }),
            getBudget: () => hardBudget('1'),
            budgetVersion: 0,
          },
        };
        const leases = new SpendLeases(backend, { activeMs: 2_000, maxRequests: 16, maxShare: 1 / 16 });
        const live = new Map<string, { amount: Decimal; expiresAt: number }>();
        let committed = new Exact(0);
        let committedRequests = 0;
        let now = 0;
        let next = 0;
        const settle = () => new Promise((resolve) => setImmediate(resolve));
        for (const item of steps) {
          if (item.kind === 'advance') now += item.ms;
          else if (item.kind === 'reserve') {
            const id = `r${next++}`;
            const amount = UNIT.times(item.amount);
            const reserve = { ...request(id, amount.toFixed(), '1', now), expiresAt: now + item.ttl };
            expect(await leases.reserve(reserve, true)).toEqual({ ok: true });
            if (leases.admission(id) !== undefined) live.set(id, { amount, expiresAt: now + item.ttl });
          } else if (live.size > 0) {
            const id = [...live.keys()][item.pick % live.size] as string;
            const held = live.get(id) as { amount: Decimal; expiresAt: number };
            live.delete(id);
            const expired = now >= held.expiresAt;
            if (item.kind === 'release') expect(leases.release(id, now)).toBe(!expired);
            else {
              const actual = held.amount.times(item.actual).div(10);
              const commit = { reservationId: id, actual: actual.toFixed(), lines: [COMMIT_LINE], at: now };
              // A settle it starts is answered at once here: the estimate is taken before.
              const settledBefore = settledActual;
              const outcome = leases.commit(commit);
              expect(outcome?.kind).toBe(expired ? 'gone' : 'committed');
              if (!expired) {
                committed = committed.plus(actual);
                committedRequests++;
                // The replica (all zero here) plus what this process's leases hold unsettled: exact.
                const spent = outcome?.kind === 'committed' ? outcome.spent.b1 : undefined;
                expect(new Exact(spent ?? '-1').eq(committed.minus(settledBefore))).toBe(true);
              }
            }
          }
          await settle();
          const heldInRedis = [...holds.values()].reduce((sum, amount) => sum.plus(amount), new Exact(0));
          const inFlight = [...live.values()].reduce((sum, held) => sum.plus(held.amount), new Exact(0));
          expect(heldInRedis.gte(inFlight.plus(committed.minus(settledActual)))).toBe(true);
          // This process reads its unsettled lease spend as spent (the fake replica says 0).
          const read = leases.totals('b1', { spent: '0', reserved: '0' });
          expect(new Exact(read.spent).eq(committed.minus(settledActual))).toBe(true);
        }
        for (const id of live.keys()) leases.release(id, now);
        await leases.retire();
        await settle();
        expect(holds.size).toBe(0);
        expect(settledActual.eq(committed)).toBe(true);
        expect(settledRequests).toBe(committedRequests);
      }),
      { numRuns: 200 },
    );
  });
});
