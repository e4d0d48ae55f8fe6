import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpendLease } from './spend-lease.js';
import { COMMIT_LINE, capped, Exact, hardBudget, request, SERIES } from './spend-lease.test-helpers.js';
import type { LeaseBackend } from './spend-lease-settle.js';
import { SpendLeases } from './spend-leases.js';

// Spend lease accounting against plain models: no Redis.

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

  function lease(size: number): SpendLease {
    return new SpendLease({
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
  }

  it('keeps the deficit of an actual above its amount: nothing is admitted past the hold', () => {
    const held = lease(4);
    for (let i = 0; i < 3; i++) expect(held.admit(UNIT, 8)).toBe(true);
    held.commit(UNIT, UNIT.times(3), [COMMIT_LINE], 0);
    held.commit(UNIT, UNIT.times(0), [COMMIT_LINE], 0);
    // 3 spent and 1 in flight on a hold of 4: a fourth request would take it to 5.
    expect(held.remaining.eq(0)).toBe(true);
    expect(held.admit(UNIT, 8)).toBe(false);
    // The one in flight is released: its unit is free again.
    held.release(UNIT);
    expect(held.admit(UNIT, 8)).toBe(true);
    // An actual above everything left: remaining goes below 0 and stays there until covered.
    held.commit(UNIT, UNIT.times(3), [COMMIT_LINE], 0);
    expect(held.remaining.eq(UNIT.times(-2))).toBe(true);
    expect(held.admit(UNIT, 8)).toBe(false);
  });

  it('an admission never makes the amounts in flight plus the actuals committed exceed the lease', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.array(op, { maxLength: 120 }), (size, ops) => {
        const held = lease(size);
        const live: Decimal[] = [];
        let committed = new Exact(0);
        let admitted = 0;
        const inFlight = () => live.reduce((sum, amount) => sum.plus(amount), new Exact(0));
        for (const step of ops) {
          if (step.kind === 'admit') {
            const amount = UNIT.times(step.amount);
            // The model's own sum, not the lease's `remaining`: actuals above their amounts count in full.
            const fits = inFlight().plus(committed).plus(amount).lte(held.amount) && admitted < 8;
            expect(held.admit(amount, 8)).toBe(fits);
            if (fits) {
              live.push(amount);
              admitted++;
              expect(inFlight().plus(committed).lte(held.amount)).toBe(true);
            }
          } else if (live.length > 0) {
            const [amount] = live.splice(step.pick % live.length, 1) as [Decimal];
            if (step.kind === 'release') held.release(amount);
            else {
              const actual = amount.times(step.actual).div(40);
              held.commit(amount, actual, [COMMIT_LINE], 0);
              committed = committed.plus(actual);
            }
          }
          // Below 0 exactly while actuals above their amounts have spent past the hold.
          expect(held.remaining.eq(held.amount.minus(inFlight()).minus(committed))).toBe(true);
          expect(held.inFlight).toBe(live.length);
          expect(held.actual.eq(committed)).toBe(true);
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
          settleFailed: () => false,
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
