import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/specific-errors.js';
import { CONTEXT, d, reserveOrThrow, setup, spend } from './budget.test-helpers.js';

describe('hard budgets', () => {
  it('refuse a request whose worst case does not fit, counting open reservations', async () => {
    const { costs } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
      name: 'daily',
    });
    await spend(costs, '0.5');
    const open = await reserveOrThrow(costs, '0.3');
    expect(costs.check(CONTEXT, d('0.2'))).toEqual({ ok: true });
    const decision = costs.check(CONTEXT, d('0.21'));
    expect(decision).toEqual({
      ok: false,
      reason: 'exceeds',
      estimate: d('0.21'),
      blocking: [{ budgetId: budget.id, name: 'daily', scope: 'global', limit: d('1'), remaining: d('0.2') }],
    });
    const refused = await costs.reserve(CONTEXT, d('0.21'));
    expect(refused).toEqual({ ok: false, decision });
    await costs.release(open);
    expect(costs.check(CONTEXT, d('0.5')).ok).toBe(true);
  });

  it('check has no side effects', async () => {
    const { costs } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
    });
    for (let i = 0; i < 5; i++) costs.check(CONTEXT, d('0.9'));
    const status = await costs.getBudgetStatus(budget.id);
    expect([status.spent, status.reserved, status.remaining]).toEqual([d(0), d(0), d(1)]);
  });

  it('reserve holds on every matching budget or on none', async () => {
    const { costs } = setup();
    const wide = await costs.createBudget({
      scope: 'global',
      limit: '10',
      period: 'day',
      enforcementMode: 'hard',
    });
    const narrow = await costs.createBudget({
      scope: 'key',
      scopeId: CONTEXT.keyId,
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
    });
    const refused = await costs.reserve(CONTEXT, d('2'));
    expect(
      !refused.ok &&
        refused.decision.reason === 'exceeds' &&
        refused.decision.blocking.map((b) => b.budgetId),
    ).toEqual([narrow.id]);
    expect((await costs.getBudgetStatus(wide.id)).reserved).toEqual(d(0));
    const held = await reserveOrThrow(costs, '0.75');
    expect([...held.budgetIds].sort()).toEqual([wide.id, narrow.id].sort());
    expect((await costs.getBudgetStatus(wide.id)).reserved).toEqual(d('0.75'));
  });

  it('only apply to matching provider, key, model and tag scopes', async () => {
    const { costs } = setup();
    for (const [scope, scopeId] of [
      ['provider', 'anthropic'],
      ['key', 'other-key'],
      ['model', 'gpt-4o'],
      ['tag', 'team:ads'],
    ] as const) {
      await costs.createBudget({ scope, scopeId, limit: '0', period: 'day', enforcementMode: 'hard' });
    }
    expect(costs.check(CONTEXT, d('1'))).toEqual({ ok: true });
    expect(costs.check({ ...CONTEXT, model: 'gpt-4o-2024-11-20' }, d('1')).ok).toBe(false);
    expect(costs.check({ ...CONTEXT, tags: { team: 'ads' } }, d('1')).ok).toBe(false);
    expect(costs.check({ ...CONTEXT, providerId: 'anthropic' }, d('1')).ok).toBe(false);
  });
});

describe('reserve → commit → release', () => {
  it('commit records the actual cost and frees the hold; a second commit is a no-op', async () => {
    const { costs } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
    });
    const held = await reserveOrThrow(costs, '0.4');
    await costs.commit(held, d('0.15'));
    await costs.commit(held, d('0.15'));
    const status = await costs.getBudgetStatus(budget.id);
    expect([status.spent, status.reserved, status.remaining]).toEqual([d('0.15'), d(0), d('0.85')]);
    expect((await costs.getSpend({ scope: 'global' })).requests).toBe(1);
  });

  it('release after commit, and commit after release, are no-ops', async () => {
    const { costs, ledger } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
    });
    const committed = await reserveOrThrow(costs, '0.4');
    await costs.commit(committed, d('0.4'));
    await costs.release(committed);
    const released = await reserveOrThrow(costs, '0.4');
    await costs.release(released);
    await costs.release(released);
    await costs.commit(released, d('0.4'));
    const status = await costs.getBudgetStatus(budget.id);
    expect([status.spent, status.reserved]).toEqual([d('0.4'), d(0)]);
    expect(ledger.openReservations).toBe(0);
  });

  it('deleting a budget with open reservations keeps them valid', async () => {
    const { costs } = setup();
    const doomed = await costs.createBudget({
      scope: 'global',
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
    });
    const kept = await costs.createBudget({
      scope: 'key',
      scopeId: CONTEXT.keyId,
      limit: '1',
      period: 'day',
      enforcementMode: 'hard',
    });
    const first = await reserveOrThrow(costs, '0.5');
    const second = await reserveOrThrow(costs, '0.2');
    expect(await costs.deleteBudget(doomed.id)).toBe(true);
    await costs.commit(first, d('0.3'));
    await costs.release(second);
    const status = await costs.getBudgetStatus(kept.id);
    expect([status.spent, status.reserved]).toEqual([d('0.3'), d(0)]);
    expect((await costs.getSpend({ scope: 'key', scopeId: CONTEXT.keyId })).total).toEqual(d('0.3'));
  });

  it('rejects bad inputs with ValidationError', async () => {
    const { costs } = setup();
    const held = await reserveOrThrow(costs, '0.1');
    expect(() => costs.check({ ...CONTEXT, keyId: '' }, d(1))).toThrow(ValidationError);
    expect(() => costs.check(CONTEXT, d(-1))).toThrow(ValidationError);
    expect(() => costs.check(CONTEXT, 0.5 as never)).toThrow(ValidationError);
    await expect(costs.reserve({ providerId: 'p' } as never, d(1))).rejects.toBeInstanceOf(ValidationError);
    await expect(costs.commit(held, '0.1' as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(costs.commit(held, new Decimal(Number.NaN))).rejects.toBeInstanceOf(ValidationError);
    await expect(costs.commit({} as never, d(1))).rejects.toBeInstanceOf(ValidationError);
    await expect(costs.release(null as never)).rejects.toBeInstanceOf(ValidationError);
  });

  it('hands out frozen reservations', async () => {
    const { costs } = setup();
    const held = await reserveOrThrow(costs, '0.1');
    expect(Object.isFrozen(held)).toBe(true);
    expect(Object.isFrozen(held.context)).toBe(true);
    expect(Object.isFrozen(held.budgetIds)).toBe(true);
  });
});
