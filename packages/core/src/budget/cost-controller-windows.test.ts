import { describe, expect, it } from 'vitest';
import { CONTEXT, d, setup, spend } from './budget.test-helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('budget windows on the virtual clock', () => {
  it('reset a monthly New York budget at local midnight across the month end', async () => {
    // 2026-01-31 23:00 in New York is 2026-02-01T04:00Z.
    const { costs, clock } = setup(Date.UTC(2026, 1, 1, 4));
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'month',
      timezone: 'America/New_York',
      enforcementMode: 'hard',
    });
    await spend(costs, '0.9');
    expect(costs.check(CONTEXT, d('0.2')).ok).toBe(false);
    let status = await costs.getBudgetStatus(budget.id);
    expect([status.windowStart, status.resetAt]).toEqual([Date.UTC(2026, 0, 1, 5), Date.UTC(2026, 1, 1, 5)]);
    await clock.advanceTo(Date.UTC(2026, 1, 1, 5) - 1);
    expect(costs.check(CONTEXT, d('0.2')).ok).toBe(false);
    await clock.advance(1);
    expect(costs.check(CONTEXT, d('0.2')).ok).toBe(true);
    status = await costs.getBudgetStatus(budget.id);
    expect([status.spent, status.windowStart, status.resetAt]).toEqual([
      d(0),
      Date.UTC(2026, 1, 1, 5),
      Date.UTC(2026, 2, 1, 5),
    ]);
  });

  it('reset a daily budget after a 23-hour DST day', async () => {
    const { costs, clock } = setup(Date.UTC(2026, 2, 8, 5)); // 2026-03-08 00:00 EST
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      timezone: 'America/New_York',
      enforcementMode: 'hard',
    });
    await spend(costs, '1');
    await clock.advance(23 * HOUR - 1);
    expect((await costs.getBudgetStatus(budget.id)).spent).toEqual(d(1));
    await clock.advance(1);
    expect((await costs.getBudgetStatus(budget.id)).spent).toEqual(d(0));
  });

  it('reset a weekly budget on Monday', async () => {
    const { costs, clock } = setup(Date.UTC(2026, 0, 4, 12)); // Sunday
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'week',
      enforcementMode: 'hard',
    });
    await spend(costs, '0.7');
    await clock.advanceTo(Date.UTC(2026, 0, 5));
    const status = await costs.getBudgetStatus(budget.id);
    expect([status.spent, status.windowStart, status.resetAt]).toEqual([
      d(0),
      Date.UTC(2026, 0, 5),
      Date.UTC(2026, 0, 12),
    ]);
  });

  it('keep open reservations across a reset, so spent + reserved still fits', async () => {
    const { costs, clock } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'minute',
      enforcementMode: 'hard',
    });
    const held = await costs.reserve(CONTEXT, d('0.8'));
    if (!held.ok) throw new Error('refused');
    await clock.advance(60_000);
    expect(costs.check(CONTEXT, d('0.3')).ok).toBe(false);
    await costs.commit(held.reservation, d('0.5'));
    const status = await costs.getBudgetStatus(budget.id);
    expect([status.spent, status.reserved, status.remaining]).toEqual([d('0.5'), d(0), d('0.5')]);
  });

  it('let rolling-window spend age out instead of resetting', async () => {
    const { costs, clock } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: { rollingMs: HOUR },
      enforcementMode: 'hard',
    });
    await spend(costs, '0.6');
    await clock.advance(30 * 60_000);
    await spend(costs, '0.4');
    expect(costs.check(CONTEXT, d('0.01')).ok).toBe(false);
    await clock.advance(31 * 60_000); // the first spend is 61 minutes old
    const status = await costs.getBudgetStatus(budget.id);
    expect(status.spent).toEqual(d('0.4'));
    expect(status.windowStart).toBe(clock.now() - HOUR);
    expect(status.resetAt).toBeUndefined();
    expect(status.projectedSpendAtReset).toBeUndefined();
    await clock.advance(HOUR);
    expect((await costs.getBudgetStatus(budget.id)).spent).toEqual(d(0));
  });

  it('never reset a total budget', async () => {
    const { costs, clock } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'total',
      enforcementMode: 'hard',
    });
    await spend(costs, '0.3');
    await clock.advance(400 * DAY);
    const status = await costs.getBudgetStatus(budget.id);
    expect([status.spent, status.windowStart, status.resetAt]).toEqual([d('0.3'), undefined, undefined]);
  });
});

describe('projectedSpendAtReset', () => {
  it('extrapolates the spend rate so far in the window to the reset', async () => {
    const { costs, clock } = setup(); // 2026-01-01T00:00Z, daily window
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '10',
      period: 'day',
      enforcementMode: 'soft',
    });
    await clock.advance(6 * HOUR);
    await spend(costs, '1.5');
    // 1.5 in 6 h → 6 by the end of the day.
    expect((await costs.getBudgetStatus(budget.id)).projectedSpendAtReset).toEqual(d(6));
  });

  it('measures the rate from creation when the budget started mid-window', async () => {
    const { costs, clock } = setup(Date.UTC(2026, 0, 1, 12));
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '10',
      period: 'day',
      enforcementMode: 'soft',
    });
    await clock.advance(3 * HOUR);
    await spend(costs, '1');
    // 1 in 3 h since creation, 12 h of budget life in this window → 4.
    expect((await costs.getBudgetStatus(budget.id)).projectedSpendAtReset).toEqual(d(4));
  });
});
