import { ApiKeyRouter, RouterError, SystemClock } from '@apikeyrouter/core';
import type { BudgetRecord } from '@apikeyrouter/core/store';
import { FakeAdapter } from '@apikeyrouter/testkit';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { SPEND_PUT_BUDGET } from '../scripts/spend-budget-lua.js';
import { useRedisServer } from '../testing/redis-fixture.test-helpers.js';

const redis = useRedisServer();
const INTENT = { model: 'gpt-test', messages: [{ role: 'user' as const, content: 'hello' }] };

function hardGlobal(id: string, limit: string): BudgetRecord {
  return { id, scope: 'global', limit, period: 'total', enforcementMode: 'hard', createdAt: 0 };
}

/**
 * Creates a budget the way another router does, but announces it on a channel nobody listens to: the other
 * replicas miss it, as they do when its message is still on the way or their subscriber was down.
 */
async function putBudgetUnannounced(prefix: string, budget: BudgetRecord): Promise<void> {
  const raw = new Redis(redis.server().url);
  try {
    await raw.eval(
      SPEND_PUT_BUDGET.source,
      1,
      `${prefix}:{${prefix}:spend}`,
      'nobody-listens',
      budget.id,
      JSON.stringify(budget),
    );
  } finally {
    raw.disconnect();
  }
}

async function routerOn(stores: Awaited<ReturnType<typeof redis.stores>>): Promise<ApiKeyRouter> {
  const router = new ApiKeyRouter({ stores });
  await router.registerProvider(
    'fake',
    new FakeAdapter({ id: 'fake', clock: new SystemClock(), keys: { 'sk-budget-version-1': {} } }),
  );
  router.costController.setModelPrice('gpt-test', { inputPerMillion: '1', outputPerMillion: '1' });
  await router.registerKey('sk-budget-version-1', 'fake');
  return router;
}

describe('a budget this replica has not heard of yet', () => {
  it('is applied at the reservation: the router catches up and decides its budgets again', async () => {
    const prefix = `budget-version-${process.pid}`;
    const stores = await redis.stores({ prefix });
    const router = await routerOn(stores);
    expect((await router.route(INTENT)).cost.amount.isPositive()).toBe(true);

    // A hard budget with no room, created elsewhere; this router's replica has not seen it.
    await putBudgetUnannounced(prefix, hardGlobal('tiny', '0.0000001'));
    expect(stores.spend.listBudgets()).toEqual([]);

    const refused = await router.route(INTENT).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(RouterError.isInstance(refused)).toBe(true);
    expect((refused as RouterError).category).toBe('budget_exceeded');
    expect(stores.spend.listBudgets().map((budget) => budget.id)).toEqual(['tiny']);
  });

  it('refuses a reserve decided on an older set of budgets as stale, holding nothing', async () => {
    const prefix = `budget-version-store-${process.pid}`;
    const stores = await redis.stores({ prefix });
    await putBudgetUnannounced(prefix, hardGlobal('b1', '1'));
    const at = Date.now();
    const request = {
      reservationId: 'r1',
      amount: '0.5',
      lines: [],
      series: [{ dimension: 'global' as const, id: '*' }],
      at,
      expiresAt: at + 60_000,
    };
    expect(await stores.spend.reserve(request)).toEqual({ ok: false, stale: true });
    // Caught up: the budget is known now, and the same reserve with its line holds on it.
    expect(stores.spend.listBudgets().map((budget) => budget.id)).toEqual(['b1']);
    const line = { budgetId: 'b1', countFrom: 0, bucketStart: 0, limit: '1' };
    expect(await stores.spend.reserve({ ...request, lines: [line] })).toEqual({ ok: true });
    expect(stores.spend.totals('b1', 0)).toEqual({ spent: '0', reserved: '0.5' });
  });
});
