import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { CONTEXT, d, setup, spend } from './budget.test-helpers.js';
import { CostController } from './cost-controller.js';

const DAY = 86_400_000;

describe('threshold events', () => {
  it('fire once per threshold per window, in order, with the budget facts', async () => {
    const { costs, events, clock } = setup();
    const budget = await costs.createBudget({
      scope: 'tag',
      scopeId: 'team:search',
      limit: '1',
      period: 'day',
      enforcementMode: 'soft',
      name: 'search',
    });
    await spend(costs, '0.4');
    expect(events).toEqual([]);
    await spend(costs, '0.1');
    expect(events).toEqual([
      {
        budgetId: budget.id,
        name: 'search',
        threshold: 0.5,
        spent: d('0.5'),
        limit: d('1'),
        scope: 'tag',
        scopeId: 'team:search',
        enforcementMode: 'soft',
        at: clock.now(),
      },
    ]);
    await spend(costs, '0.1');
    await spend(costs, '0.6'); // crosses 0.8 and 1 at once
    await spend(costs, '0.3'); // soft: overspend, nothing new
    expect(events.map((e) => e.threshold)).toEqual([0.5, 0.8, 1]);
    expect(events[2]?.spent).toEqual(d('1.2'));
  });

  it('fire again in the next window', async () => {
    const { costs, events, clock } = setup();
    await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'soft',
      thresholds: [0.5],
    });
    await spend(costs, '0.6');
    await spend(costs, '0.1');
    await clock.advance(DAY);
    await spend(costs, '0.2');
    expect(events.map((e) => e.threshold)).toEqual([0.5]);
    await spend(costs, '0.3');
    expect(events.map((e) => e.threshold)).toEqual([0.5, 0.5]);
  });

  it('fire for hard and downgrade budgets too', async () => {
    const { costs, events } = setup();
    await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
      thresholds: [0.9],
    });
    await costs.createBudget({
      scope: 'global',
      limit: '2',
      period: 'day',
      enforcementMode: 'downgrade',
      downgradeTo: ['x'],
      thresholds: [0.45],
    });
    await spend(costs, '0.95');
    expect(events.map((e) => [e.enforcementMode, e.threshold])).toEqual([
      ['hard', 0.9],
      ['downgrade', 0.45],
    ]);
  });

  it('re-arm in a rolling window once spend ages out', async () => {
    const { costs, events, clock } = setup();
    await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: { rollingMs: 60_000 },
      enforcementMode: 'soft',
      thresholds: [0.5],
    });
    await spend(costs, '0.6');
    await clock.advance(30_000);
    await spend(costs, '0.1');
    expect(events).toHaveLength(1);
    await clock.advance(61_000); // both spends aged out
    await spend(costs, '0.1'); // below threshold: re-arms
    await spend(costs, '0.5');
    expect(events.map((e) => e.spent.toString())).toEqual(['0.6', '0.6']);
  });

  it('fire again after the limit is changed', async () => {
    const { costs, events } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'soft',
      thresholds: [0.5],
    });
    await spend(costs, '0.6');
    await costs.updateBudget(budget.id, { name: 'renamed' });
    await spend(costs, '0.01');
    expect(events).toHaveLength(1);
    await costs.updateBudget(budget.id, { limit: '1.2' });
    await spend(costs, '0.01');
    expect(events.map((e) => e.limit.toString())).toEqual(['1', '1.2']);
  });

  it('do not fire for a zero limit without spend, and survive a throwing listener', async () => {
    const clock = new VirtualClock();
    let calls = 0;
    const costs = new CostController({
      clock,
      onThreshold: () => {
        calls++;
        throw new Error('listener bug');
      },
    });
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '0',
      period: 'day',
      enforcementMode: 'soft',
    });
    await spend(costs, '0');
    expect(calls).toBe(0);
    await spend(costs, '0.01');
    expect(calls).toBe(3);
    expect((await costs.getBudgetStatus(budget.id)).spent).toEqual(d('0.01'));
    expect((await costs.getSpend({ scope: 'key', scopeId: CONTEXT.keyId })).requests).toBe(2);
  });
});
