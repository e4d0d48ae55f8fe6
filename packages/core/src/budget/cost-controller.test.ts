import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { RouterError } from '../errors/router-error.js';
import { ValidationError } from '../errors/specific-errors.js';
import type { RequestIntent } from '../intent/intent-schema.js';
import { CONTEXT, d, setup, spend } from './budget.test-helpers.js';
import { CostController } from './cost-controller.js';

const HOUR = 3_600_000;
const intent: RequestIntent = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'x'.repeat(35) }],
  parameters: { maxTokens: 100 },
};

describe('CostController construction', () => {
  it('needs a clock and a positive defaultOutputTokens', () => {
    expect(() => new CostController({} as never)).toThrow(ValidationError);
    expect(() => new CostController({ clock: new VirtualClock(), defaultOutputTokens: 0 })).toThrow(
      ValidationError,
    );
  });
});

describe('prices and estimates', () => {
  it('estimates an intent from its token estimate (14 input tokens, 100 output)', () => {
    const { costs } = setup();
    const estimate = costs.estimateCost(intent);
    expect(estimate?.min.toString()).toBe('0.0000021'); // 14 × 0.15 / 1M
    expect(estimate?.expected.toString()).toBe('0.0000321'); // + 50 × 0.60 / 1M
    expect(estimate?.max.toString()).toBe('0.0000621'); // + 100 × 0.60 / 1M
    expect(costs.estimateCost(intent, 'gpt-4o')?.max.toString()).toBe('0.001035');
  });

  it('assumes defaultOutputTokens when the intent sets no maxTokens', () => {
    const costs = new CostController({ clock: new VirtualClock(), defaultOutputTokens: 10 });
    const estimate = costs.estimateCost({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(estimate?.max.minus(estimate.min).toString()).toBe('0.000006');
  });

  it('returns undefined for unknown models everywhere', () => {
    const { costs } = setup();
    expect(costs.estimateCost(intent, 'no-such-model')).toBeUndefined();
    expect(costs.maxCost('no-such-model', 'k', { inputTokens: 1, outputTokens: 1 })).toBeUndefined();
    expect(
      costs.costOf('no-such-model', 'k', { inputTokens: 1, outputTokens: 1, totalTokens: 2 }),
    ).toBeUndefined();
  });

  it('uses per-key overrides for maxCost and costOf', () => {
    const { costs } = setup();
    costs.setModelPrice('gpt-4o', { inputPerMillion: '1', outputPerMillion: '2' }, { keyId: 'cheap' });
    expect(costs.getModelPrice('gpt-4o', 'cheap')?.source).toBe('override');
    expect(
      costs.maxCost('gpt-4o', 'cheap', { inputTokens: 1_000_000, outputTokens: 1_000_000 })?.toString(),
    ).toBe('3');
    expect(
      costs
        .costOf('gpt-4o', 'other', { inputTokens: 1_000_000, outputTokens: 0, totalTokens: 1_000_000 })
        ?.toString(),
    ).toBe('2.5');
  });
});

describe('budget CRUD', () => {
  it('creates budgets with an id and creation time, and returns copies', async () => {
    const { costs, clock } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: 5,
      period: 'day',
      enforcementMode: 'soft',
    });
    expect(budget.id).toMatch(/^budget_/);
    expect(budget.createdAt).toBe(clock.now());
    expect(budget.limit).toEqual(d(5));
    budget.thresholds?.push(0.1);
    expect(costs.listBudgets()[0]?.thresholds).toEqual([0.5, 0.8, 1]);
  });

  it('updates a budget, validating the merged result', async () => {
    const { costs } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: 5,
      period: 'day',
      enforcementMode: 'soft',
    });
    const updated = await costs.updateBudget(budget.id, { limit: '7.5', name: 'daily' });
    expect(updated).toMatchObject({ id: budget.id, createdAt: budget.createdAt, name: 'daily' });
    expect(updated.limit.toString()).toBe('7.5');
    await expect(costs.updateBudget(budget.id, { scope: 'provider' })).rejects.toThrow(/scopeId/);
    await expect(costs.updateBudget(budget.id, { id: 'x' } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(costs.updateBudget(budget.id, null as never)).rejects.toBeInstanceOf(ValidationError);
    expect((await costs.getBudgetStatus(budget.id)).budget.limit.toString()).toBe('7.5');
  });

  it('reports unknown budget ids as not_found', async () => {
    const { costs } = setup();
    for (const attempt of [costs.getBudgetStatus('nope'), costs.updateBudget('nope', { limit: 1 })]) {
      const error = await attempt.catch((e: unknown) => e);
      expect(RouterError.isInstance(error) && error.category).toBe('not_found');
    }
  });

  it('deletes once', async () => {
    const { costs } = setup();
    const budget = await costs.createBudget({
      scope: 'global',
      limit: 5,
      period: 'day',
      enforcementMode: 'hard',
    });
    expect(await costs.deleteBudget(budget.id)).toBe(true);
    expect(await costs.deleteBudget(budget.id)).toBe(false);
    expect(costs.listBudgets()).toEqual([]);
  });

  it('rejects invalid budgets with RouterError validation and stores nothing', async () => {
    const { costs } = setup();
    const error = await costs
      .createBudget({ scope: 'key', limit: '-3', period: 'day', enforcementMode: 'hard' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path.join('.')).sort()).toEqual([
      'limit',
      'scopeId',
    ]);
    expect(costs.listBudgets()).toEqual([]);
  });
});

describe('getSpend', () => {
  it('reports spend per key, model, provider, tag and globally, by time range', async () => {
    const { costs, clock } = setup();
    await spend(costs, '0.10');
    await clock.advance(2 * HOUR);
    await spend(costs, '0.25', {
      providerId: 'anthropic',
      keyId: 'anthropic_k',
      model: 'claude-3-5-haiku-20241022',
    });
    await spend(costs, '0.05', { ...CONTEXT, model: 'gpt-4o-mini-2024-07-18' });
    const start = Date.UTC(2026, 0, 1);
    expect(await costs.getSpend({ scope: 'global' })).toEqual({ total: d('0.4'), requests: 3 });
    expect(await costs.getSpend({ scope: 'key', scopeId: CONTEXT.keyId })).toEqual({
      total: d('0.15'),
      requests: 2,
    });
    expect(await costs.getSpend({ scope: 'provider', scopeId: 'anthropic' })).toEqual({
      total: d('0.25'),
      requests: 1,
    });
    expect(await costs.getSpend({ scope: 'model', scopeId: 'gpt-4o-mini' })).toEqual({
      total: d('0.15'),
      requests: 2,
    });
    expect(await costs.getSpend({ scope: 'model', scopeId: 'claude-3-5-haiku' })).toEqual({
      total: d('0.25'),
      requests: 1,
    });
    expect(await costs.getSpend({ scope: 'tag', scopeId: 'team:search' })).toEqual({
      total: d('0.15'),
      requests: 2,
    });
    expect(await costs.getSpend({ scope: 'global', from: start, to: start + HOUR })).toEqual({
      total: d('0.1'),
      requests: 1,
    });
    expect(await costs.getSpend({ scope: 'global', from: start + HOUR })).toEqual({
      total: d('0.3'),
      requests: 2,
    });
    expect(await costs.getSpend({ scope: 'key', scopeId: 'unknown' })).toEqual({
      total: d('0'),
      requests: 0,
    });
  });

  it('rejects bad queries', async () => {
    const { costs } = setup();
    await expect(costs.getSpend({ scope: 'key' })).rejects.toBeInstanceOf(ValidationError);
    await expect(costs.getSpend({ scope: 'global', from: 10, to: 5 })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(costs.getSpend({ scope: 'team' as never, scopeId: 'x' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('does not record released requests', async () => {
    const { costs } = setup();
    const held = await costs.reserve(CONTEXT, new Decimal('1'));
    if (!held.ok) throw new Error('refused');
    await costs.release(held.reservation);
    expect((await costs.getSpend({ scope: 'global' })).requests).toBe(0);
  });
});
