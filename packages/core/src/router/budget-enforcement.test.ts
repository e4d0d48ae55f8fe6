import { describe, expect, it } from 'vitest';
import { Decimal, type RouterError } from '../index.js';
import { createFixture, intent } from './router-fixture.test-helpers.js';

describe('budgets through the router', () => {
  it('200 concurrent requests never exceed a hard budget, and spend equals the sum of response costs', async () => {
    const { router } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { latencyMs: 50 }, 'sk-b-0000001': { latencyMs: 70 } } },
    });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1000', outputPerMillion: '3000' });
    const budget = await router.costController.createBudget({
      scope: 'global',
      limit: '5.00',
      period: 'day',
      enforcementMode: 'hard',
    });
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () => router.route(intent(), 'cost')),
    );
    const ok = results
      .filter((r) => r.status === 'fulfilled')
      .map((r) => (r as PromiseFulfilledResult<{ cost: { amount: Decimal } }>).value);
    const failed = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason as RouterError);
    expect(ok.length).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((e) => e.category))).toEqual(new Set(['budget_exceeded']));
    const status = await router.costController.getBudgetStatus(budget.id);
    const sum = ok.reduce((total, res) => total.plus(res.cost.amount), new Decimal(0));
    expect(status.spent.lessThanOrEqualTo('5.00')).toBe(true);
    expect(status.spent.equals(sum)).toBe(true);
    expect(status.reserved.isZero()).toBe(true);
  });

  it('refuses with BudgetExceededError naming the budget before any call', async () => {
    const { router, adapters } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1000', outputPerMillion: '1000' });
    const budget = await router.costController.createBudget({
      scope: 'provider',
      scopeId: 'openai',
      limit: '0.0001',
      period: 'month',
      enforcementMode: 'hard',
    });
    const error = (await router.route(intent(), 'cost').catch((e: unknown) => e)) as RouterError;
    expect(error.category).toBe('budget_exceeded');
    expect(JSON.stringify(error.details ?? error.explanation)).toContain(budget.id);
    expect(adapters.openai?.stats()).toEqual({});
  });

  it('excludes only the candidates that are too expensive', async () => {
    const { router, keys } = await createFixture({
      openai: { keys: { 'sk-a-0000001': { label: 'expensive' }, 'sk-b-0000001': { label: 'cheap' } } },
    });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1000', outputPerMillion: '1000' });
    router.costController.setModelPrice(
      'gpt-test',
      { inputPerMillion: '0.1', outputPerMillion: '0.1' },
      { keyId: keys.cheap?.id as string },
    );
    await router.costController.createBudget({
      scope: 'global',
      limit: '0.001',
      period: 'day',
      enforcementMode: 'hard',
    });
    const res = await router.route(intent(), 'reliability');
    expect(res.keyId).toBe(keys.cheap?.id);
    expect(res.explanation.candidates.find((c) => c.keyId === keys.expensive?.id)?.exclusion?.code).toBe(
      'budget',
    );
  });

  it('downgrade budgets re-route to the cheaper model', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    router.costController.setModelPrice('gpt-big', { inputPerMillion: '1000', outputPerMillion: '1000' });
    router.costController.setModelPrice('gpt-small', { inputPerMillion: '0.1', outputPerMillion: '0.1' });
    await router.costController.createBudget({
      scope: 'model',
      scopeId: 'gpt-big',
      limit: '0.001',
      period: 'day',
      enforcementMode: 'downgrade',
      downgradeTo: ['gpt-small'],
    });
    const res = await router.route(intent('gpt-big'), 'cost');
    expect(res.model).toBe('gpt-small');
  });

  it('refuses unknown cost under a hard budget unless allowUnknownCost', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    const budget = await router.costController.createBudget({
      scope: 'global',
      limit: '10',
      period: 'day',
      enforcementMode: 'hard',
    });
    await expect(router.route(intent('unpriced'), 'cost')).rejects.toMatchObject({
      category: 'budget_exceeded',
    });
    await router.costController.updateBudget(budget.id, { allowUnknownCost: true });
    expect((await router.route(intent('unpriced'), 'cost')).cost.known).toBe(false);
  });

  it('emits budgetThreshold events from soft budgets and keeps serving', async () => {
    const { router } = await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } });
    router.costController.setModelPrice('gpt-test', { inputPerMillion: '1000', outputPerMillion: '1000' });
    await router.costController.createBudget({
      scope: 'tag',
      scopeId: 'team:search',
      limit: '0.02',
      period: 'hour',
      enforcementMode: 'soft',
      thresholds: [0.5, 1],
    });
    const thresholds: number[] = [];
    router.on('budgetThreshold', (event) => thresholds.push(event.threshold));
    for (let i = 0; i < 5; i++) await router.route(intent('gpt-test', { tags: { team: 'search' } }), 'cost');
    expect(thresholds).toEqual([0.5, 1]);
    const spend = await router.costController.getSpend({ scope: 'tag', scopeId: 'team:search' });
    expect(spend.requests).toBe(5);
    expect(spend.total.greaterThan('0.02')).toBe(true);
  });
});
