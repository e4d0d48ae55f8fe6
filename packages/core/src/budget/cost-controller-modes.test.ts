import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from '../errors/specific-errors.js';
import { deriveKeyId } from '../keys/key-id.js';
import { CONTEXT, d, reserveOrThrow, setup, spend } from './budget.test-helpers.js';
import { budgetExceededError } from './budget-exceeded-error.js';

describe('unknown cost', () => {
  it('is refused by a hard budget unless it allows unknown cost', async () => {
    const { costs } = setup();
    const strict = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
    });
    await costs.createBudget({ scope: 'global', limit: '1', period: 'day', enforcementMode: 'soft' });
    expect(costs.check(CONTEXT, undefined)).toEqual({
      ok: false,
      reason: 'unknown_cost',
      budgetIds: [strict.id],
    });
    const refused = await costs.reserve(CONTEXT, undefined);
    expect(!refused.ok && refused.decision.reason).toBe('unknown_cost');
    await costs.updateBudget(strict.id, { allowUnknownCost: true });
    expect(costs.check(CONTEXT, undefined)).toEqual({ ok: true });
  });

  it('is admitted while an allowing budget has room, holding nothing, then charged on commit', async () => {
    const { costs } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
      allowUnknownCost: true,
    });
    const held = await reserveOrThrow(costs, undefined);
    expect(held.amount).toEqual(d(0));
    await costs.commit(held, d('1'));
    expect((await costs.getBudgetStatus(budget.id)).spent).toEqual(d(1));
    const decision = costs.check(CONTEXT, undefined);
    expect(decision.ok === false && decision.reason).toBe('exceeds');
  });
});

describe('soft and downgrade budgets', () => {
  it('soft budgets never refuse and record overspend', async () => {
    const { costs } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '0.1',
      period: 'day',
      enforcementMode: 'soft',
    });
    await spend(costs, '0.5');
    expect(costs.check(CONTEXT, d('5'))).toEqual({ ok: true });
    const status = await costs.getBudgetStatus(budget.id);
    expect([status.spent, status.remaining]).toEqual([d('0.5'), d(0)]);
  });

  it('downgrade budgets name the cheaper models and let those through', async () => {
    const { costs } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'downgrade',
      downgradeTo: ['gpt-4o-mini', 'claude-3-5-haiku'],
    });
    const premium = { ...CONTEXT, model: 'gpt-4o' };
    expect(costs.check(premium, d('0.5'))).toEqual({ ok: true });
    const decision = costs.check(premium, d('2'));
    expect(decision).toEqual({
      ok: false,
      reason: 'downgrade',
      budgetId: budget.id,
      downgradeTo: ['gpt-4o-mini', 'claude-3-5-haiku'],
      estimate: d('2'),
    });
    const refused = await costs.reserve(premium, d('2'));
    expect(refused).toEqual({ ok: false, decision });
    expect(costs.check({ ...CONTEXT, model: 'gpt-4o-mini-2024-07-18' }, d('2'))).toEqual({ ok: true });
    expect(costs.check(premium, undefined)).toEqual({ ok: true });
  });

  it('a hard refusal wins over a downgrade', async () => {
    const { costs } = setup();
    await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'downgrade',
      downgradeTo: ['m'],
    });
    await costs.createBudget({ scope: 'global', limit: '1', period: 'day', enforcementMode: 'hard' });
    const decision = costs.check(CONTEXT, d('2'));
    expect(decision.ok === false && decision.reason).toBe('exceeds');
  });
});

describe('budgetExceededError', () => {
  it('names budgets, remaining amounts and the estimate, with amounts as strings', async () => {
    const { costs } = setup();
    const budget = await costs.createBudget({
      scope: 'provider',
      scopeId: 'openai',
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
      name: 'openai daily',
    });
    await spend(costs, '0.75');
    const decision = costs.check(CONTEXT, d('0.5'));
    if (decision.ok || decision.reason !== 'exceeds') throw new Error('expected exceeds');
    const error = budgetExceededError(decision);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error.category).toBe('budget_exceeded');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('"openai daily"');
    expect(error.message).toContain('$0.25 of $1 left');
    expect(error.message).toContain('$0.5');
    expect(error.details).toEqual({
      reason: 'exceeds',
      estimate: '0.5',
      budgets: [
        {
          budgetId: budget.id,
          name: 'openai daily',
          scope: 'provider',
          scopeId: 'openai',
          limit: '1',
          remaining: '0.25',
        },
      ],
    });
  });

  it('explains unknown-cost refusals', () => {
    const error = budgetExceededError({ ok: false, reason: 'unknown_cost', budgetIds: ['b1', 'b2'] });
    expect(error.code).toBe('unknown_cost');
    expect(error.message).toContain('b1, b2');
    expect(error.details).toEqual({
      reason: 'unknown_cost',
      budgets: [{ budgetId: 'b1' }, { budgetId: 'b2' }],
    });
  });
});

describe('key material', () => {
  it('never appears in decisions, statuses, reservations, events or errors', async () => {
    const canary = 'sk-CANARY-9f8e7d6c5b4a3210';
    const { costs, events } = setup();
    const keyId = deriveKeyId('openai', canary);
    const context = { ...CONTEXT, keyId };
    const budget = await costs.createBudget({
      scope: 'key',
      scopeId: keyId,
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
    });
    const held = await reserveOrThrow(costs, '0.9', context);
    await costs.commit(held, d('0.9'));
    const decision = costs.check(context, d('0.5'));
    const seen = [
      held,
      decision,
      events,
      await costs.getBudgetStatus(budget.id),
      costs.listBudgets(),
      await costs.getSpend({ scope: 'key', scopeId: keyId }),
      !decision.ok && decision.reason === 'exceeds' ? budgetExceededError(decision).toJSON() : undefined,
    ];
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(seen)).not.toContain(canary);
    expect(JSON.stringify(seen)).not.toContain('CANARY');
  });
});
